package dev.agentcollab.core.http;

import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the dashboard's browser tests do with the page: open a route, read and wait for what it shows, sign in with a
 * token, type into a field. A test sets {@link #browser} and says where the server is ({@link #baseUri()}).
 */
abstract class DashboardPage {
    /** How long a wait for the page lasts before the test fails. */
    static final Duration BOUND = Duration.ofSeconds(30);

    /** The browser, started by the test. */
    HeadlessChromium browser;

    /**
     * The server the page is loaded from.
     *
     * @return its base URI
     */
    abstract URI baseUri();

    /** Shows a route ({@code #/...}), loading the dashboard first when another page is shown, and waits for it. */
    void open(String hash) throws Exception {
        String current = text("location.pathname");
        if (!current.equals("/")) {
            browser.navigate(baseUri().resolve("/" + hash));
        } else {
            eval("location.hash = '" + hash + "'");
        }
        await("the dashboard is loaded", () -> text("document.getElementById('status').textContent")
                .startsWith("updated"));
    }

    /** Whether an element takes up space on the page (not hidden by itself or by an ancestor). */
    boolean visible(String id) {
        return text("(el => !!el && el.getClientRects().length > 0)(document.getElementById('" + id + "'))")
                .equals("true");
    }

    void signInWithToken(String token) throws Exception {
        eval("document.getElementById('signin-open').click()");
        eval("document.getElementById('token').value = '" + token + "'");
        eval("document.getElementById('token-submit').click()");
    }

    /** Signs out whoever is signed in, then in with the token, and waits for the header to name {@code who}. */
    void signInAs(String token, String who) throws Exception {
        open("#/");
        if (visible("signout")) {
            eval("document.getElementById('signout').click()");
            awaitText("signed out", "", "document.getElementById('who').textContent");
        }
        signInWithToken(token);
        awaitText("signed in", who, "document.getElementById('who').textContent");
    }

    /** Types a value into a text field as a user would (focus, value, caret at the end, an input event). */
    void typeInto(String id, String value) throws Exception {
        eval("(() => { const t = document.getElementById('" + id + "'); t.focus(); t.value = '" + value + "';"
                + " t.setSelectionRange(t.value.length, t.value.length); t.dispatchEvent(new Event('input')); })()");
    }

    /** Waits until an expression's text is the expected one; the failure names what it last was. */
    void awaitText(String what, String expected, String expression) throws InterruptedException {
        String[] last = {""};
        try {
            HeadlessChromium.await(what, BOUND, () -> (last[0] = text(expression)).equals(expected));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": expected <" + expected + "> but was <" + last[0] + ">", e);
        }
    }

    void await(String what, BooleanSupplier condition) throws InterruptedException {
        HeadlessChromium.await(what, BOUND, condition);
    }

    void eval(String expression) throws Exception {
        browser.eval(expression);
    }

    /** An expression's value as text; empty when it throws in the page. */
    String text(String expression) {
        try {
            return browser.eval("(() => { try { return String(" + expression + "); } catch (e) { return ''; } })()")
                    .asText("");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
