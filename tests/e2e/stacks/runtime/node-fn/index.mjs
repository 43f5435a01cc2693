// A Node.js handler as Lambda's own Node runtime would run it; the event chooses what it does.
class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = "ValidationError";
  }
}

export const handler = async (event, context) => {
  if (event.httpMethod) {
    // An API Gateway proxy event: answer as a proxy integration does.
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hello: event.queryStringParameters?.name ?? "world",
                             path: event.path, requestId: context.awsRequestId }),
    };
  }
  switch (event.action) {
    case "context":
      return {
        awsRequestId: context.awsRequestId,
        invokedFunctionArn: context.invokedFunctionArn,
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        memoryLimitInMB: context.memoryLimitInMB,
        logGroupName: context.logGroupName,
        logStreamName: context.logStreamName,
        remainingTimeInMillis: context.getRemainingTimeInMillis(),
        clientContext: context.clientContext ?? null,
        identity: context.identity ?? null,
        traceEnv: process.env._X_AMZN_TRACE_ID ?? null,
      };
    case "throw":
      throw new ValidationError(`bad input: ${event.value}`);
    default:
      return { echo: event };
  }
};
