<?php

declare(strict_types=1);

namespace Nubo;

/**
 * The messages between the server and its workers over a socket pair: a 4-byte big-endian length, then
 * a serialized list of scalars and arrays (never objects: unserialize creates none).
 *
 *   server → worker  ['call', method, path, query, version, headers, body]
 *   worker → server  ['ready'] once the function is loaded, ['failed', message] when loading failed,
 *                    ['response', status, contentType|null, body, last, counted] after each call; last =
 *                    true when the worker ends right after it (exit() or a fatal error in the call),
 *                    counted = false when the handler did not run (400 invalid JSON)
 */
final class Frame
{
    private const HEADER_BYTES = 4;

    public static function encode(array $message): string
    {
        $payload = serialize($message);
        return pack('N', strlen($payload)) . $payload;
    }

    /**
     * Takes one whole message off the front of $buffer; null while it is incomplete.
     *
     * @throws \UnexpectedValueException when the bytes are not a message
     */
    public static function take(string &$buffer): ?array
    {
        if (strlen($buffer) < self::HEADER_BYTES) {
            return null;
        }
        $length = unpack('N', $buffer)[1];
        if (strlen($buffer) < self::HEADER_BYTES + $length) {
            return null;
        }
        $message = @unserialize(substr($buffer, self::HEADER_BYTES, $length), ['allowed_classes' => false]);
        $buffer = (string) substr($buffer, self::HEADER_BYTES + $length);
        if (!is_array($message) || !isset($message[0])) {
            throw new \UnexpectedValueException('a worker sent something that is not a message');
        }
        return $message;
    }

    /**
     * Reads one message from a blocking stream; null when the other end closed it.
     *
     * @param resource $stream
     */
    public static function read($stream): ?array
    {
        $header = self::readBytes($stream, self::HEADER_BYTES);
        if ($header === null) {
            return null;
        }
        $payload = self::readBytes($stream, unpack('N', $header)[1]);
        if ($payload === null) {
            return null;
        }
        $message = @unserialize($payload, ['allowed_classes' => false]);
        return is_array($message) ? $message : null;
    }

    /**
     * Writes one message to a blocking stream; false when the other end is gone.
     *
     * @param resource $stream
     */
    public static function write($stream, array $message): bool
    {
        $bytes = self::encode($message);
        for ($offset = 0; $offset < strlen($bytes); $offset += $written) {
            $written = @fwrite($stream, substr($bytes, $offset, 1 << 20));
            if (!$written) {
                return false;
            }
        }
        return true;
    }

    /** @param resource $stream */
    private static function readBytes($stream, int $length): ?string
    {
        $bytes = '';
        while (strlen($bytes) < $length) {
            $piece = @fread($stream, min($length - strlen($bytes), 1 << 20));
            if ($piece === false || $piece === '' && feof($stream)) {
                return null;
            }
            $bytes .= $piece; // '' without the end: the stream's read timeout passed, keep waiting
        }
        return $bytes;
    }
}
