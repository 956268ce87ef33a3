<?php

declare(strict_types=1);

namespace Nubo;

/**
 * The entries of a zip or tar.gz archive read from its own headers (name, and whether it is a file or directory),
 * so that a name that would climb out of the code dir, or a link, is refused before anything is unpacked.
 */
final class ArchiveEntries
{
    private const UNIX = 3;
    private const MODE_TYPE = 0170000;
    private const MODE_LINK = 0120000;

    /**
     * @param list<array{string, bool}> $entries name, and whether it is a plain file or directory
     * @throws \UnexpectedValueException naming the first entry that is not safe to unpack
     */
    public static function check(array $entries): void
    {
        foreach ($entries as [$name, $plain]) {
            $parts = explode('/', str_replace('\\', '/', $name));
            if ($name === '' || $name[0] === '/' || in_array('..', $parts, true) || str_contains($name, "\0")) {
                throw new \UnexpectedValueException("unsafe path in the source archive: '{$name}' (absolute or with '..')");
            }
            if (!$plain) {
                throw new \UnexpectedValueException("the source archive holds {$name}, not a file or directory: "
                    . 'links and devices are refused');
            }
        }
    }

    /**
     * A zip's central directory: the names the unpacking uses.
     *
     * @return list<array{string, bool}>
     */
    public static function ofZip(string $zip): array
    {
        $end = strrpos($zip, "PK\x05\x06", -22);
        if ($end === false || strlen($zip) - $end < 22) {
            throw new \UnexpectedValueException('not a zip archive (no end of central directory)');
        }
        ['count' => $count, 'offset' => $offset] = unpack('vcount', $zip, $end + 10) + unpack('Voffset', $zip, $end + 16);
        $entries = [];
        for ($i = 0, $at = $offset; $i < $count; $i++) {
            if (substr($zip, $at, 4) !== "PK\x01\x02" || $at + 46 > strlen($zip)) {
                throw new \UnexpectedValueException('damaged zip central directory');
            }
            $header = unpack('vmadeBy/x22/vnameLength/vextraLength/vcommentLength/x4/VexternalAttributes', $zip, $at + 4);
            $name = substr($zip, $at + 46, $header['nameLength']);
            $link = $header['madeBy'] >> 8 === self::UNIX
                && (($header['externalAttributes'] >> 16) & self::MODE_TYPE) === self::MODE_LINK;
            $entries[] = [$name, !$link];
            $at += 46 + $header['nameLength'] + $header['extraLength'] + $header['commentLength'];
        }
        return $entries;
    }

    /**
     * A tar.gz's headers, with GNU long names and pax paths applied to the entry they precede.
     *
     * @return list<array{string, bool}>
     */
    public static function ofTarGz(string $tarGz): array
    {
        $tar = @gzdecode($tarGz);
        if ($tar === false) {
            throw new \UnexpectedValueException('not a gzip stream');
        }
        $entries = [];
        $nextName = null;
        for ($at = 0; $at + 512 <= strlen($tar); $at += 512 + (int) ceil($size / 512) * 512) {
            $header = substr($tar, $at, 512);
            if (trim($header, "\0") === '') {
                break; // the end-of-archive blocks
            }
            $size = octdec(trim(substr($header, 124, 12), " \0")) ?: 0;
            $type = $header[156];
            $body = substr($tar, $at + 512, (int) $size);
            if ($type === 'L') { // GNU: the next entry's long name
                $nextName = rtrim($body, "\0");
                continue;
            }
            if ($type === 'x') { // pax: the next entry's attributes; its path overrides the header's name
                $nextName = self::paxPath($body) ?? $nextName;
                continue;
            }
            if ($type === 'g') { // pax global attributes: nothing to unpack
                continue;
            }
            $name = rtrim(substr($header, 0, 100), "\0");
            if (substr($header, 257, 5) === 'ustar' && ($prefix = rtrim(substr($header, 345, 155), "\0")) !== '') {
                $name = "{$prefix}/{$name}";
            }
            $entries[] = [$nextName ?? $name, in_array($type, ['0', "\0", '5', '7'], true)];
            $nextName = null;
        }
        return $entries;
    }

    private static function paxPath(string $records): ?string
    {
        $path = null;
        foreach (explode("\n", $records) as $record) {
            if (preg_match('/^\d+ path=(.*)$/s', $record, $match)) {
                $path = $match[1];
            }
        }
        return $path;
    }
}
