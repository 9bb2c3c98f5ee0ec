fn main() {
    // The migrations are embedded at compile time (refinery's macro reads the folder); without
    // this, adding a migration file and nothing else would leave a binary without it.
    println!("cargo:rerun-if-changed=../../migrations/server");
}
