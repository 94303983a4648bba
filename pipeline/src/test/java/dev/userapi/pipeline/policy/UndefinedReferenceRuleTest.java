package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UndefinedReferenceRuleTest {
    private final Rule rule = new UndefinedReferenceRule();

    @Test
    void everyKindOfReferenceIsChecked() {
        List<Finding> findings = Check.run(rule, """
                Parameters:
                  Stage:
                    Type: String
                Mappings:
                  Sizes:
                    dev: {Memory: 512}
                Conditions:
                  IsProd: !Equals [!Ref Stag, prod]
                  UsesTable: !Equals [!Ref Table, x]
                  Both: !And [!Condition IsProd, !Condition Missing]
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    DependsOn: [Tabel, Table]
                  Fn:
                    Type: AWS::Lambda::Function
                    Condition: IsProdd
                    Properties:
                      Role: !GetAtt Rol.Arn
                      MemorySize: !FindInMap [Size, dev, Memory]
                      Environment:
                        Variables:
                          A: !Ref Tabel
                          B: !Sub "${Stage}-${Table.Arn}-${Nope.Arn}-${AWS::Regon}-${Local}"
                          C: !Sub ["${Local}-${Other}", {Local: !Ref Missing2}]
                          D: !If [NoSuchCondition, a, b]
                          E: !GetAtt Stage.Arn
                Outputs:
                  Out:
                    Condition: Gone
                    Value: !Ref Ghost
                """);
        assertFindings(findings,
                "undefined-reference@8",
                "undefined-reference@9",
                "undefined-reference@10",
                "undefined-reference@14",
                "undefined-reference@14",
                "undefined-reference@17",
                "undefined-reference@19",
                "undefined-reference@20",
                "undefined-reference@23",
                "undefined-reference@24",
                "undefined-reference@24",
                "undefined-reference@24",
                "undefined-reference@25",
                "undefined-reference@25",
                "undefined-reference@26",
                "undefined-reference@27",
                "undefined-reference@30",
                "undefined-reference@31");
        String all = String.join("\n", findings.stream().map(Finding::message).toList());
        assertTrue(all.contains("Ref Stag: no parameter has that name; did you mean Stage?"), all);
        assertTrue(all.contains("conditions can only refer to parameters and pseudo parameters, and Table is a resource"), all);
        assertTrue(all.contains("DependsOn Tabel: no resource has that name; did you mean Table?"), all);
        assertTrue(all.contains("Ref Tabel: no parameter or resource has that name; did you mean Table?"), all);
        assertTrue(all.contains("Fn::GetAtt Rol.Arn: no resource has that name\n"), "no Role is defined, so no hint: " + all);
        assertTrue(all.contains("a resource cannot depend on itself"), all);
        assertTrue(all.contains("${AWS::Regon} in Fn::Sub: no such pseudo parameter; did you mean AWS::Region?"), all);
        assertTrue(all.contains("${Local} in Fn::Sub"), "outside the two-argument form Local is undefined: " + all);
        assertTrue(all.contains("Stage is a parameter; Fn::GetAtt reads attributes of resources"), all);
        assertTrue(all.contains("Fn::FindInMap Size: no mapping has that name; did you mean Sizes?"), all);
    }

    @Test
    void aTemplateWhoseReferencesAllResolvePasses() {
        Check.assertFindings(Check.run(rule, """
                Parameters:
                  Stage:
                    Type: String
                Mappings:
                  Sizes:
                    dev: {Memory: 512}
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                  NotProd: !Not [!Condition IsProd]
                  InRegion: !Equals [!Sub "${AWS::Region}", eu-west-1]
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                  Role:
                    Type: AWS::IAM::Role
                  Fn:
                    Type: AWS::Lambda::Function
                    Condition: IsProd
                    DependsOn: Table
                    Properties:
                      Role: !GetAtt Role.Arn
                      MemorySize: !FindInMap [Sizes, !Ref Stage, Memory]
                      Environment:
                        Variables:
                          A: !Ref Table
                          B: !Sub "${Stage}-${Table.Arn}-${AWS::Region}-${!Literal}"
                          C: !Sub ["${Local}-${Table}", {Local: !Ref AWS::StackName}]
                          D: !If [NotProd, !Ref AWS::NoValue, !GetAtt [Table, StreamArn]]
                Outputs:
                  Out:
                    Condition: IsProd
                    Value: !GetAtt Fn.Arn
                """));
    }

    @Test
    void templatesWithATransformAreLeftToTheMacro() {
        Check.assertFindings(Check.run(rule, """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: !GetAtt FnRole.Arn
                """));
    }
}
