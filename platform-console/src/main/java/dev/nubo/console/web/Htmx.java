package dev.nubo.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

/** The two ways a console answer goes: a whole page (plain browser, no JavaScript) or a fragment for htmx. */
public final class Htmx {

    private Htmx() {
    }

    /**
     * An htmx request that swaps the answer into the page. A history restore (the back button, when htmx's cache has
     * lost the page) also says {@code HX-Request}, but puts the answer in place of the whole body: it gets the page.
     */
    public static boolean isHtmx(HttpServletRequest request) {
        HtmxRequest htmx = HtmxRequest.fromRequest(request);
        return htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
    }

    /**
     * After a write: a plain form post is redirected (303, post/redirect/get); htmx is told to load the page as a
     * whole ({@code HX-Redirect}), so the address bar and history stay right.
     */
    public static String redirect(String path, HttpServletRequest request, HttpServletResponse response) {
        if (isHtmx(request)) {
            response.setHeader("HX-Redirect", request.getContextPath() + path);
            response.setStatus(204);
            return null;
        }
        return "redirect:" + path;
    }
}
