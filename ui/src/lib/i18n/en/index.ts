// English labels, one file per area. Every key here must exist in ../id/ with the same {named}
// parameters (a test checks both). Parameters are filled by name: t("key", { n: 3 }), never by
// concatenation.
import { admin } from "./admin";
import { app } from "./app";
import { catalogue } from "./catalogue";
import { bookings } from "./bookings";
import { chat } from "./chat";
import { counts } from "./counts";
import { purchasing } from "./purchasing";

export const en = { ...app, ...admin, ...catalogue, ...bookings, ...chat, ...counts, ...purchasing } as const;
