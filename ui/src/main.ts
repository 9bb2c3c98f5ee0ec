import "@fontsource/metal-mania/400.css";
import "@fontsource/rock-salt/400.css";
import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";

export default mount(App, { target: document.getElementById("app")! });
