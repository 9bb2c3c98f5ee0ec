// An independent reading of ESC/POS bytes for the tests: text lines, Code128 data, drawer pulses
// and cuts. Written from the command table, not from the app's own encoder.
export function decodeEscpos(buf) {
  const out = { lines: [], code128: [], drawer: 0, cuts: 0 };
  let text = [];
  const flush = () => {
    out.lines.push(Buffer.from(text).toString("latin1"));
    text = [];
  };
  for (let i = 0; i < buf.length; ) {
    const b = buf[i];
    if (b === 0x0a) {
      flush();
      i++;
    } else if (b === 0x1b) {
      const c = buf[i + 1];
      if (c === 0x40) i += 2; // init
      else if (c === 0x70) (out.drawer++, (i += 5)); // drawer pulse
      else i += 3; // ESC t/a/E/d n
    } else if (b === 0x1d) {
      const c = buf[i + 1];
      if (c === 0x56) (out.cuts++, (i += 3));
      else if (c === 0x6b && buf[i + 2] === 73) {
        const n = buf[i + 3];
        out.code128.push(Buffer.from(buf.subarray(i + 4, i + 4 + n)).toString("latin1").replace(/^\{B/, ""));
        i += 4 + n;
      } else i += 3; // GS ! / h / w / H n
    } else {
      text.push(b);
      i++;
    }
  }
  if (text.length) flush();
  return out;
}
