// Label dalam Bahasa Indonesia, satu file per bagian: setiap kunci ../en/, dengan {parameter} yang
// sama (sebuah tes memeriksa keduanya).
import type { Key } from "../index";
import { admin } from "./admin";
import { app } from "./app";
import { catalogue } from "./catalogue";
import { bookings } from "./bookings";
import { chat } from "./chat";
import { counts } from "./counts";
import { purchasing } from "./purchasing";

export const id: Record<Key, string> = { ...app, ...admin, ...catalogue, ...bookings, ...chat, ...counts, ...purchasing };
