package dev.nubo.api.trigger;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.api.web.ManifestBodies;
import dev.nubo.api.web.RequestBodies;
import dev.nubo.core.trigger.service.CronPreview;
import dev.nubo.core.validation.StrictBinding;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /api/v1/cron/preview}: the next fire times of a schedule, before any trigger is saved. */
@RestController
@Tag(name = "Cron triggers")
class CronPreviewController {

    private final CronPreview preview;
    private final long maxRequestBytes;

    CronPreviewController(CronPreview preview, ApiProperties properties) {
        this.preview = preview;
        this.maxRequestBytes = properties.maxRequestBytes();
    }

    /**
     * @param schedule as a CronTrigger's spec.schedule
     * @param timeZone IANA id, default UTC
     * @param count    how many fire times, 1–100, default 5
     */
    record PreviewRequest(String schedule, String timeZone, Integer count) {
    }

    @PostMapping(path = "/api/v1/cron/preview", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The next fire times of a schedule (nothing is stored); a bad schedule or zone is a 422 with"
            + " field errors",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PreviewRequest.class))))
    CronPreview.Preview preview(HttpServletRequest request,
            @RequestHeader(value = "Content-Type", required = false) MediaType contentType) throws IOException {
        PreviewRequest asked = StrictBinding.bind(
                ManifestBodies.parse(RequestBodies.read(request, maxRequestBytes), contentType), PreviewRequest.class);
        return preview.preview(asked.schedule(), asked.timeZone(), asked.count());
    }
}
