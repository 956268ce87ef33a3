<?php

declare(strict_types=1);

namespace Nubo;

final class InvalidJsonBody extends \RuntimeException
{
}

/** Builds the Kubeless event from an HTTP request: event-* headers win over CloudEvents ce-* headers. */
final class Event
{
    /** @throws InvalidJsonBody */
    public static function build(Request $request): Record
    {
        return new Record([
            'data' => self::data($request),
            'event-id' => self::header($request, 'event-id', 'ce-id') ?? self::uuid(),
            'event-type' => self::header($request, 'event-type', 'ce-type', 'content-type') ?? '',
            'event-time' => self::header($request, 'event-time', 'ce-time') ?? self::rfc3339(microtime(true)),
            'event-namespace' => self::header($request, 'event-namespace', 'ce-source') ?? '',
            'extensions' => new Record(['request' => new Record([
                'method' => $request->method, 'path' => $request->path, 'query' => $request->query,
                'headers' => $request->headers, 'body' => $request->body,
            ])]),
        ]);
    }

    /**
     * Kubeless' json_decode: objects for JSON objects (null for an empty body) when the media type is
     * application/json or ends in +json; otherwise the body as it came.
     *
     * @throws InvalidJsonBody
     */
    public static function data(Request $request): mixed
    {
        if (!self::isJson($request->header('content-type') ?? '')) {
            return $request->body;
        }
        if ($request->body === '') {
            return null;
        }
        try {
            return json_decode($request->body, false, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException) {
            throw new InvalidJsonBody('invalid JSON body');
        }
    }

    public static function isJson(string $contentType): bool
    {
        $mediaType = strtolower(trim(explode(';', $contentType, 2)[0]));
        return $mediaType === 'application/json' || str_ends_with($mediaType, '+json');
    }

    public static function rfc3339(float $time): string
    {
        return gmdate('Y-m-d\TH:i:s', (int) $time) . sprintf('.%03dZ', (int) (fmod($time, 1) * 1000));
    }

    private static function header(Request $request, string ...$names): ?string
    {
        foreach ($names as $name) {
            $value = $request->header($name);
            if ($value !== null && $value !== '') {
                return $value;
            }
        }
        return null;
    }

    private static function uuid(): string
    {
        $bytes = random_bytes(16);
        $bytes[6] = chr(ord($bytes[6]) & 0x0f | 0x40); // version 4
        $bytes[8] = chr(ord($bytes[8]) & 0x3f | 0x80); // RFC 4122 variant
        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
    }
}
