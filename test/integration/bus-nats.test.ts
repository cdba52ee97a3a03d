import { describeBusContract } from "../contracts/bus.contract.js";
import { JetStreamBus } from "../../src/adapters/nats/jetstream-bus.js";
import { NATS_URL, uniqueName } from "./env.js";

describeBusContract("nats jetstream", async () => {
  const name = uniqueName("TAKT_TEST").toUpperCase();
  const bus = await JetStreamBus.connect({ url: NATS_URL, stream: name, subjectPrefix: name.toLowerCase() + ".events" });
  return {
    bus,
    cleanup: async () => {
      await bus.deleteStream();
      await bus.close();
    },
  };
});
