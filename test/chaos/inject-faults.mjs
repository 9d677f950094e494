// Loaded into `npm start` by the chaos tests only (NODE_OPTIONS=--import=…): on SIGUSR2 the process gets one
// unhandled rejection and one uncaught exception, the two faults that used to end the bot with exit code 7.
// Plain JavaScript, because NODE_OPTIONS also reaches npm's own node, which has no TypeScript loader.
process.on("SIGUSR2", () => {
  void Promise.reject(new Error("injected unhandled rejection (chaos test)"));
  setImmediate(() => {
    throw new Error("injected uncaught exception (chaos test)");
  });
});
