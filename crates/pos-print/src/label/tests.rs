use super::*;

pub fn sample() -> ShippingLabel {
    ShippingLabel {
        sender: Party {
            name: "Hurtrock Music Store".into(),
            phone: "0812-2000-1111".into(),
            address: "Jl Gegerkalong Girang Kav 22, Bandung".into(),
        },
        recipient: Party {
            name: "Rina \"Metal\" Sari".into(),
            phone: "0813-1234-5678".into(),
            address: "Jl. Kaliurang KM 5 No. 12, Sleman, DI Yogyakarta 55281".into(),
        },
        order_no: "WEB-000123".into(),
        courier: "JNE".into(),
        service: "REG".into(),
        weight_g: 3500,
        items: vec!["1x ESP LTD EC-1000".into(), "2x Ernie Ball Regular Slinky".into()],
        tracking_no: "JP1234567890".into(),
        qr: "https://hurtrock.id/lacak/JP1234567890".into(),
        date: "22/11/2026".into(),
    }
}

#[test]
fn every_language_carries_the_tracking_number() {
    let l = sample();
    let t = String::from_utf8(shipping(&l, &LabelStock::SHIPPING_203)).unwrap();
    assert!(t.starts_with("SIZE 100 mm,150 mm"));
    assert!(t.contains("BARCODE") && t.contains("\"JP1234567890\""));
    assert!(t.contains("RINA \\[\"]METAL\\[\"] SARI"), "quotes escaped: {t}");
    let z = String::from_utf8(shipping(
        &l,
        &LabelStock {
            language: LabelLanguage::Zpl,
            ..LabelStock::SHIPPING_203
        },
    ))
    .unwrap();
    assert!(z.starts_with("^XA^CI28^PW800^LL1200") && z.contains("^BCN") && z.contains("^BQN"));
    let z300 = String::from_utf8(shipping(
        &l,
        &LabelStock {
            language: LabelLanguage::Zpl,
            dpi: 300,
            ..LabelStock::SHIPPING_203
        },
    ))
    .unwrap();
    assert!(z300.starts_with("^XA^CI28^PW1200^LL1800"));
    assert_eq!(zpl_text("a^b~c_d"), "a_5Eb_7Ec_5Fd");
    let e = shipping(
        &l,
        &LabelStock {
            language: LabelLanguage::EscPos,
            ..LabelStock::SHIPPING_203
        },
    );
    let events = crate::escpos::decode(&e);
    assert!(events.contains(&crate::escpos::Event::Code128("JP1234567890".into())));
    let p = shipping(
        &l,
        &LabelStock {
            language: LabelLanguage::Pdf,
            ..LabelStock::SHIPPING_203
        },
    );
    assert!(p.starts_with(b"%PDF"));
}
