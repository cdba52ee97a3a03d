import { describeBusContract } from "../../../test/contracts/bus.contract.js";
import { MemoryBus } from "./memory-bus.js";

describeBusContract("in-process", async () => {
  const bus = new MemoryBus({ retryDelayMs: 5 });
  return { bus, cleanup: () => bus.close() };
});
