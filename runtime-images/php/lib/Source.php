<?php

declare(strict_types=1);

namespace Nubo;

/**
 * Code handed over as a URL on POST /_nubo/specialize (a Kubernetes warm pool pod has none of its own): downloaded
 * with PHP's http stream wrapper, checked against its SHA-256 and written or unpacked into the code directory before
 * the function loads. Archives are unpacked with PharData (the Phar and zlib extensions every PHP build has; no
 * ext-zip needed) after ArchiveEntries checked every name: PharData quietly drops a '..' instead of refusing it.
 */
final class Source
{
    public const FORMATS = ['file', 'zip', 'tar.gz'];
    /** The whole download: the operator waits 10 s for the specialize answer. */
    private const DOWNLOAD_SECONDS = 5;

    public function __construct(
        public readonly string $url,
        public readonly string $sha256,
        public readonly string $format,
        public readonly ?string $codeFile,
    ) {
    }

    /**
     * The source fields of a specialize body, or null without sourceUrl.
     *
     * @throws BadSpecializeRequest
     */
    public static function fromFields(array $fields): ?self
    {
        $url = $fields['sourceUrl'] ?? null;
        if ($url === null || $url === '') {
            return null;
        }
        if (!is_string($url) || !preg_match('#^https?://#', $url)) {
            throw new BadSpecializeRequest('sourceUrl must be an http or https URL');
        }
        $sha256 = $fields['sourceSha256'] ?? null;
        if (!is_string($sha256) || !preg_match('/^[0-9a-fA-F]{64}$/', $sha256)) {
            throw new BadSpecializeRequest("sourceSha256 must be the 64 hex digits of the source's SHA-256");
        }
        $format = $fields['sourceFormat'] ?? 'file';
        if (!in_array($format, self::FORMATS, true)) {
            throw new BadSpecializeRequest('sourceFormat must be one of ' . implode(', ', self::FORMATS));
        }
        $codeFile = $fields['codeFile'] ?? null;
        if ($format === 'file' && !self::isPlainFileName($codeFile)) {
            throw new BadSpecializeRequest("codeFile must be a plain file name (no '/' or '..') when sourceFormat is file");
        }
        return new self($url, strtolower($sha256), $format, is_string($codeFile) ? $codeFile : null);
    }

    private static function isPlainFileName(mixed $name): bool
    {
        return is_string($name) && $name !== '' && strpbrk($name, "/\\\0") === false && !str_contains($name, '..');
    }

    /**
     * Downloads, checks and writes the code into $codeDir (created). Nothing is written before the digest matched.
     *
     * @throws FunctionLoadError
     */
    public function fetchInto(string $codeDir): void
    {
        $data = $this->download();
        $actual = hash('sha256', $data);
        if (!hash_equals($this->sha256, $actual)) {
            throw new FunctionLoadError("sourceUrl {$this->url}: its SHA-256 is {$actual}, not the expected "
                . "sourceSha256 {$this->sha256}");
        }
        if (!is_dir($codeDir) && !@mkdir($codeDir, 0777, true) && !is_dir($codeDir)) {
            throw new FunctionLoadError("cannot create the code dir {$codeDir}: " . self::lastError());
        }
        if ($this->format === 'file') {
            $this->write("{$codeDir}/{$this->codeFile}", $data);
        } else {
            $this->unpack($data, $codeDir);
        }
    }

    /** @throws FunctionLoadError */
    private function download(): string
    {
        $deadline = hrtime(true) + self::DOWNLOAD_SECONDS * 1_000_000_000;
        $context = stream_context_create(['http' => [
            'timeout' => self::DOWNLOAD_SECONDS, 'ignore_errors' => true, 'max_redirects' => 4,
        ]]);
        $stream = @fopen($this->url, 'rb', false, $context);
        if ($stream === false) {
            throw new FunctionLoadError("cannot download sourceUrl {$this->url}: " . self::lastError());
        }
        try {
            $status = self::status(stream_get_meta_data($stream)['wrapper_data'] ?? []);
            if ($status === null || !str_starts_with(explode(' ', $status)[1] ?? '', '2')) {
                throw new FunctionLoadError("cannot download sourceUrl {$this->url}: " . ($status ?? 'no HTTP answer'));
            }
            $data = '';
            while (!feof($stream)) {
                if (hrtime(true) > $deadline) {
                    throw new FunctionLoadError("cannot download sourceUrl {$this->url}: took longer than "
                        . self::DOWNLOAD_SECONDS . ' s');
                }
                $chunk = fread($stream, 65536);
                if ($chunk === false || $chunk === '' && stream_get_meta_data($stream)['timed_out']) {
                    throw new FunctionLoadError("cannot download sourceUrl {$this->url}: the read failed or timed out");
                }
                $data .= $chunk;
            }
            return $data;
        } finally {
            fclose($stream);
        }
    }

    /** The status line of the last answer (after redirects), e.g. "HTTP/1.1 200 OK". */
    private static function status(array $headers): ?string
    {
        $status = null;
        foreach ($headers as $header) {
            if (str_starts_with($header, 'HTTP/')) {
                $status = $header;
            }
        }
        return $status;
    }

    /** @throws FunctionLoadError */
    private function write(string $path, string $data): void
    {
        if (@file_put_contents("{$path}.part", $data) === false || !@rename("{$path}.part", $path)) {
            throw new FunctionLoadError("cannot write sourceUrl {$this->url} to {$path}: " . self::lastError());
        }
    }

    /** @throws FunctionLoadError */
    private function unpack(string $data, string $codeDir): void
    {
        try {
            ArchiveEntries::check($this->format === 'zip' ? ArchiveEntries::ofZip($data) : ArchiveEntries::ofTarGz($data));
        } catch (\UnexpectedValueException $e) {
            throw new FunctionLoadError("cannot unpack sourceUrl {$this->url} ({$this->format}): {$e->getMessage()}");
        }
        // PharData knows the format by the file's extension
        $base = tempnam(sys_get_temp_dir(), 'nubo-source-');
        $archive = "{$base}.{$this->format}";
        try {
            if (@file_put_contents($archive, $data) === false) {
                throw new FunctionLoadError("cannot unpack sourceUrl {$this->url}: " . self::lastError());
            }
            (new \PharData($archive))->extractTo($codeDir, null, true);
        } catch (\Exception $e) {
            throw $e instanceof FunctionLoadError ? $e
                : new FunctionLoadError("cannot unpack sourceUrl {$this->url} ({$this->format}): {$e->getMessage()}");
        } finally {
            @unlink($archive);
            @unlink($base);
        }
    }

    private static function lastError(): string
    {
        return error_get_last()['message'] ?? 'unknown error';
    }
}
