// A response-streaming handler (awslambda.streamifyResponse, a global the runtime client
// provides): the client posts its output in streaming mode, chunk by chunk.
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  for (const part of event.parts ?? []) {
    responseStream.write(part);
  }
  if (event.fail) {
    throw new RangeError("failed mid-stream");
  }
  responseStream.end();
});
