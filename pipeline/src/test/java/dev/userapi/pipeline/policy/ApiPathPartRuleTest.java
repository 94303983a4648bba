package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiPathPartRuleTest {
    private final Rule rule = new ApiPathPartRule();

    @Test
    void aPathPartApiGatewayRefusesIsAnErrorAtItsLine() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Tiles:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      RestApiId: !Ref Api
                      ParentId: !GetAtt Api.RootResourceId
                      PathPart: map tiles
                  Dollar:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: $metadata
                  Nested:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: users/{id}
                  HalfVariable:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: "{id}x"
                """);
        assertFindings(findings, "apigateway-path-part@7", "apigateway-path-part@11", "apigateway-path-part@15",
                "apigateway-path-part@19");
        assertEquals(Level.ERROR, findings.get(0).level());
        assertEquals("Tiles: PathPart 'map tiles' is refused by API Gateway: a path part is one segment of the characters "
                + "a-z A-Z 0-9 . _ - : or a path variable {name} or greedy {name+}; it has a space", findings.get(0).message());
        assertEquals("Dollar: PathPart '$metadata' is refused by API Gateway: a path part is one segment of the characters "
                + "a-z A-Z 0-9 . _ - : or a path variable {name} or greedy {name+}; it has '$'", findings.get(1).message());
    }

    @Test
    void literalsVariablesAndGreedyVariablesPass() {
        assertFindings(Check.run(rule, """
                Resources:
                  Users:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: users
                  Id:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: "{id}"
                  Proxy:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: "{proxy+}"
                  Dotted:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: v1.2_beta-3:batch
                  Computed:
                    Type: AWS::ApiGateway::Resource
                    Properties:
                      PathPart: !Ref Segment
                """));
    }
}
