// A durable rival for tests/bench/relay.bench.ts: the stock y-websocket server
// (@y/websocket-server 0.1.1, tests/bench/stockRelay.ts) with its own LevelDB persistence,
// as its server.js runs with YPERSISTENCE set. utils.js reads YPERSISTENCE once, when it
// is first imported, and then binds every document to y-leveldb (0.1.2, its own
// dependency): it loads the stored document when a room opens and calls storeUpdate for
// every update (not awaited: the update is relayed at once, the write queues behind it).
// So the variable is set here, then the stock server is imported.
process.env.YPERSISTENCE = process.env.DATA_DIR;
await import('./stockRelay.ts');
export {};
