package dev.userapi.pipeline.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What `pipeline local` serves, as the template describes it: one REST API with its routes, the
 * functions behind them, the tables they use and the Lambda permissions that decide whether the API
 * may invoke each function. Nothing here comes from a list in code.
 *
 * @param functions the functions that routes integrate with, by logical id
 * @param warnings  what the template asks for that runs differently or not at all locally
 */
public record LocalApp(Path templateFile, LocalEnvironment environment, RestApi api, List<ApiRoute> routes,
                       Map<String, LocalFunction> functions, List<LocalTable> tables,
                       List<InvokePermission> permissions, List<LocalCaller> callers, List<String> warnings) {

    public LocalApp {
        routes = List.copyOf(routes);
        functions = Map.copyOf(functions);
        tables = List.copyOf(tables);
        permissions = List.copyOf(permissions);
        warnings = List.copyOf(warnings);
    }

    /**
     * The REST API.
     *
     * @param resourcePaths    every resource of the API, with or without methods ({@code /}, {@code /users}, {@code /users/{id}})
     * @param binaryMediaTypes the API's {@code BinaryMediaTypes}: bodies of these types reach the function base64-encoded
     */
    public record RestApi(String logicalId, String id, String stageName, Map<String, String> stageVariables,
                          List<String> binaryMediaTypes, List<String> resourcePaths) {
        public RestApi {
            stageVariables = Map.copyOf(stageVariables);
            binaryMediaTypes = List.copyOf(binaryMediaTypes);
            resourcePaths = List.copyOf(resourcePaths);
        }
    }

    /**
     * One {@code AWS::ApiGateway::Method}.
     *
     * @param httpMethod        GET, POST, ..., or ANY
     * @param resourcePath      the resource's full path template, e.g. {@code /users/{id}}
     * @param functionLogicalId the function of its AWS_PROXY integration, or null when {@link #unsupported} says why not
     * @param qualifier         the alias or version of that function the integration invokes (e.g. {@code live}), or
     *                          null for the function itself; a permission must name the same qualifier
     * @param unsupported       why the method cannot be served locally (another integration type, a function
     *                          outside the template, a runtime other than Java), or null
     * @param exampleBody       a request body for the printed curl example, from the method's
     *                          {@code Metadata: {PipelineLocal: {ExampleBody: ...}}}, or null
     */
    public record ApiRoute(String httpMethod, String resourcePath, String methodLogicalId, String functionLogicalId,
                           String qualifier, String unsupported, String exampleBody, int line, boolean iamAuthorization) {

        /** A route to the function itself (no alias or version). */
        public ApiRoute(String httpMethod, String resourcePath, String methodLogicalId, String functionLogicalId,
                        String unsupported, String exampleBody, int line, boolean iamAuthorization) {
            this(httpMethod, resourcePath, methodLogicalId, functionLogicalId, null, unsupported, exampleBody, line, iamAuthorization);
        }

        /** What the integration invokes: the function's logical id, with {@code :qualifier} for an alias or version. */
        public String target() {
            return qualifier == null ? functionLogicalId : functionLogicalId + ":" + qualifier;
        }
    }

    /**
     * One {@code AWS::Lambda::Function} that a route integrates with.
     *
     * @param variables its {@code Environment.Variables}, evaluated
     */
    public record LocalFunction(String logicalId, String name, String arn, String handlerClass, String handlerMethod,
                                Map<String, String> variables, int timeoutSeconds, int memorySize,
                                String logGroupName, int line) {
        public LocalFunction {
            variables = Map.copyOf(variables);
        }

        public String handler() {
            return handlerClass + "::" + handlerMethod;
        }
    }

    /** One {@code AWS::DynamoDB::Table}, enough of it to create the same table locally. */
    public record LocalTable(String logicalId, String name, List<KeyElement> keySchema,
                             List<AttributeDefinition> attributes, String billingMode, Throughput throughput,
                             List<SecondaryIndex> globalIndexes, List<SecondaryIndex> localIndexes) {
        public LocalTable {
            keySchema = List.copyOf(keySchema);
            attributes = List.copyOf(attributes);
            globalIndexes = List.copyOf(globalIndexes);
            localIndexes = List.copyOf(localIndexes);
        }

        /** {@code id HASH S}, for the startup banner and error messages. */
        public String describeKey() {
            StringBuilder out = new StringBuilder();
            for (KeyElement k : keySchema) {
                String type = attributes.stream().filter(a -> a.name().equals(k.attributeName()))
                        .map(AttributeDefinition::type).findFirst().orElse("?");
                if (!out.isEmpty()) {
                    out.append(", ");
                }
                out.append(k.attributeName()).append(' ').append(k.keyType()).append(' ').append(type);
            }
            return out.toString();
        }
    }

    public record KeyElement(String attributeName, String keyType) {
    }

    public record AttributeDefinition(String name, String type) {
    }

    public record Throughput(long readCapacityUnits, long writeCapacityUnits) {
    }

    /** @param throughput null for on-demand tables and for local indexes */
    public record SecondaryIndex(String name, List<KeyElement> keySchema, String projectionType,
                                 List<String> nonKeyAttributes, Throughput throughput) {
        public SecondaryIndex {
            keySchema = List.copyOf(keySchema);
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }

    /**
     * One {@code AWS::Lambda::Permission}, evaluated.
     *
     * @param sourceArn     null when the permission has none (any source of that principal may invoke)
     * @param sourceAccount null when the permission has none
     */
    public record InvokePermission(String logicalId, String functionName, String action, String principal,
                                   String sourceArn, String sourceAccount, int line) {
    }

    /**
     * A local caller of an {@code AWS_IAM} API: one per {@code AWS::IAM::ManagedPolicy} of the template
     * that allows {@code execute-api:Invoke}, as if an IAM user of the local account had that policy
     * attached. Its keys are derived from the stack and the policy's logical id, so they are the same
     * on every run and every machine, and mean nothing outside {@code pipeline local}.
     *
     * @param name             e.g. {@code api-reader} for {@code ApiReaderPolicy}
     * @param allowedResources the policy's evaluated {@code execute-api:Invoke} resources (ARN patterns)
     * @param userId           the IAM user id API Gateway puts in {@code identity.caller} and {@code user}
     */
    public record LocalCaller(String policyLogicalId, String name, String accessKeyId, String secretAccessKey,
                              String userArn, String userId, List<String> allowedResources, int line) {
    }
}
