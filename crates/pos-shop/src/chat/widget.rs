//! The chat widget's markup, at the end of every page when the chat is on: a button in the
//! corner that opens a panel with the conversation (a live region), the guest's introduction
//! (name, and an email or phone to answer to), and the message box. `assets/chat.js` brings it
//! to life; every text it shows is set as text, never as HTML.

use crate::assets;
use crate::site::Site;
use maud::{Markup, html};

pub fn widget(site: &Site) -> Markup {
    let t = |en, id| site.t(en, id);
    let hours = &site.settings.opening_hours;
    html! {
        div #chat.chat data-signed-in=[site.customer.as_ref().map(|_| "1")]
            data-offline=(if hours.is_empty() {
                site.lang.pick("We are away now: leave a message and we will answer by email or WhatsApp.",
                    "Kami sedang tidak di tempat: tinggalkan pesan, kami balas lewat email atau WhatsApp.").to_string()
            } else {
                site.lang.pick(&format!("We are away now (open {hours}): leave a message and we will answer."),
                    &format!("Kami sedang tidak di tempat (buka {hours}): tinggalkan pesan, kami akan membalas.")).to_string()
            })
            data-online=(t("We are online", "Kami sedang online"))
            data-typing=(t("Store is typing…", "Toko sedang mengetik…"))
            data-you=(t("You", "Anda"))
            data-store=(site.settings.store_name)
            data-sending=(t("sending…", "mengirim…"))
            data-attach=(t("Ask about this product", "Tanya produk ini"))
            data-see=(t("See the product", "Lihat produknya"))
            data-add=(t("Add to cart", "Masukkan keranjang")) {
            button.chat-open type="button" aria-expanded="false" aria-controls="chat-panel" {
                (t("Chat with us", "Chat dengan kami"))
            }
            section #chat-panel.chat-panel hidden aria-label=(t("Chat with the store", "Chat dengan toko")) {
                header {
                    strong { (site.settings.store_name) }
                    span.chat-status role="status" {}
                    button.chat-close type="button" aria-label=(t("Close the chat", "Tutup chat")) { "×" }
                }
                ol.chat-log role="log" aria-live="polite" {}
                p.chat-typing hidden {}
                p.chat-error role="alert" hidden {}
                form.chat-intro hidden {
                    p { (t("Tell us who you are, so we can answer even after you leave.",
                           "Perkenalkan diri Anda, agar kami tetap bisa membalas setelah Anda pergi.")) }
                    label for="chat-name" { (t("Name", "Nama")) }
                    input #chat-name name="name" required maxlength="100" autocomplete="name";
                    label for="chat-contact" { (t("Email or WhatsApp number", "Email atau nomor WhatsApp")) }
                    input #chat-contact name="contact" required maxlength="100" autocomplete="email";
                    button type="submit" { (t("Start chatting", "Mulai chat")) }
                }
                form.chat-send {
                    button.chat-attach type="button" hidden {}
                    label.chat-picture {
                        (t("Send a picture", "Kirim gambar"))
                        input type="file" accept="image/jpeg,image/png,image/webp";
                    }
                    label.visually-hidden for="chat-text" { (t("Your message", "Pesan Anda")) }
                    textarea #chat-text name="body" rows="2" maxlength="2000" required
                        placeholder=(t("Write a message…", "Tulis pesan…")) {}
                    button type="submit" { (t("Send", "Kirim")) }
                }
            }
        }
        script src=(assets::url("chat.js")) defer {}
    }
}
