<?php

declare(strict_types=1);

namespace Nubo;

/** One call of the handler, inside the call's own process: event and context in, response out. */
final class Invocation
{
    private const JSON_FLAGS = JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
        | JSON_PRESERVE_ZERO_FRACTION;

    public static function run(FunctionSpec $spec, Request $request): Response
    {
        try {
            $event = Event::build($request);
        } catch (InvalidJsonBody $e) {
            return Response::refusal(400, 'Error: ' . $e->getMessage()); // the handler did not run
        }
        $context = new Record([
            'function-name' => $spec->functionName, 'timeout' => $spec->timeoutText(),
            'runtime' => $spec->runtime, 'memory-limit' => $spec->memoryLimit,
        ]);
        try {
            return self::responseFor(($spec->handlerName)($event, $context));
        } catch (\Throwable $e) {
            fwrite(STDERR, self::withoutRuntimeFrames($e) . "\n");
            return Response::text(500, 'Error: ' . $e->getMessage());
        }
    }

    /** The error with its stack trace, minus the frames of this server. */
    private static function withoutRuntimeFrames(\Throwable $e): string
    {
        $lines = array_filter(explode("\n", (string) $e),
            static fn (string $line): bool => !str_contains($line, __DIR__ . '/') && !str_ends_with($line, '{main}'));
        return implode("\n", $lines);
    }

    /** string → text (bytes when not UTF-8 or holding NUL), stream → bytes, null → empty, else JSON. */
    public static function responseFor(mixed $value): Response
    {
        return match (true) {
            $value === null => new Response(200, null, ''),
            is_string($value) && self::isText($value) => Response::text(200, $value),
            is_string($value) => new Response(200, 'application/octet-stream', $value),
            is_resource($value) => new Response(200, 'application/octet-stream', (string) stream_get_contents($value)),
            default => new Response(200, Response::JSON, json_encode($value, self::JSON_FLAGS)),
        };
    }

    private static function isText(string $value): bool
    {
        return !str_contains($value, "\0") && preg_match('//u', $value) === 1;
    }
}
