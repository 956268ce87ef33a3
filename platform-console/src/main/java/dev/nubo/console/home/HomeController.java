package dev.nubo.console.home;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

import dev.nubo.core.store.NamespaceStore;

/** The way in: the login page, the start page (the default namespace's functions) and the namespace switch. */
@Controller
class HomeController {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/ns/" + NamespaceStore.DEFAULT + "/functions";
    }

    /** The namespace picker's form (GET, so it works without JavaScript). */
    @GetMapping("/ns")
    String switchNamespace(@RequestParam(defaultValue = NamespaceStore.DEFAULT) String ns,
            @RequestParam(defaultValue = "functions") String section) {
        String target = section.equals("triggers") ? "triggers" : "functions";
        return "redirect:/ns/" + UriUtils.encodePathSegment(ns, java.nio.charset.StandardCharsets.UTF_8) + "/" + target;
    }
}
