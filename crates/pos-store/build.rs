fn main() {
    // The migrations are embedded at compile time; rebuild when one is added.
    println!("cargo:rerun-if-changed=../../migrations/local");
}
