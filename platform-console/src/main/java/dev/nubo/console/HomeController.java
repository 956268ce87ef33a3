package dev.nubo.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's placeholder home page: where the API, its OpenAPI document and the gateway are. */
@Controller
class HomeController {

    private final String gatewayUrl;

    HomeController(@Value("${nubo.controller.gateway-url:http://127.0.0.1:8081}") String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("gatewayUrl", gatewayUrl);
        return "home";
    }
}
