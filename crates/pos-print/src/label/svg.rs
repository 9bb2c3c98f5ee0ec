//! The layout as an SVG preview for the screen.

use super::*;

pub(super) fn svg(els: &[El], stock: &LabelStock) -> String {
    let (w, h) = stock.dots();
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{}mm\" height=\"{}mm\" shape-rendering=\"crispEdges\"><rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/><g fill=\"#000\">",
        stock.width_mm, stock.height_mm
    );
    let esc = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    for e in els {
        if let El::Text { x, y, scale, text } = e {
            s.push_str(&format!(
                "<text x=\"{x}\" y=\"{}\" font-family=\"monospace\" font-size=\"{}\">{}</text>",
                y + 20 * scale,
                24 * scale,
                esc(text)
            ));
        }
        for (x, y, w, h) in rects(e) {
            s.push_str(&format!("<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>"));
        }
    }
    s.push_str("</g></svg>");
    s
}
