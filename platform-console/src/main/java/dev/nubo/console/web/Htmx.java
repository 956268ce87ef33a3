package dev.nubo.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The two ways a console answer goes: a whole page (plain browser, no JavaScript) or a fragment for htmx. */
public final class Htmx {

    private Htmx() {
    }

    public static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
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
