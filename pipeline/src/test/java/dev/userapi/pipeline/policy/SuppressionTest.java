package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;

import org.junit.jupiter.api.Test;

class SuppressionTest {
    private static final String TEMPLATE = """
            Resources:
              Forever:
                Type: AWS::Logs::LogGroup
                Metadata:
                  pipeline-validate:
                    ignore:
                      log-retention: %s
            """;

    @Test
    void aResourceMaySuppressARuleWithAReason() {
        assertFindings(Check.run(new LogRetentionRule(), TEMPLATE.formatted("\"audit trail, kept by law\"")));
    }

    @Test
    void aSuppressionWithoutAReasonDoesNotCount() {
        assertFindings(Check.run(new LogRetentionRule(), TEMPLATE.formatted("\"\"")), "log-retention@2");
    }

    @Test
    void aSuppressionCoversOnlyTheRuleItNames() {
        assertFindings(Check.run(new StatefulRetainRule(), """
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                    DeletionPolicy: Retain
                    Metadata:
                      pipeline-validate:
                        ignore:
                          log-retention: "not this rule"
                """), "stateful-retain@2");
    }
}
