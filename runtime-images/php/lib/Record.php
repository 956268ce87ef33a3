<?php

declare(strict_types=1);

namespace Nubo;

/**
 * The objects a function receives (event, context, extensions, request): Kubeless passed stdClass
 * objects, so $event->data and $event->{'event-id'} work; ArrayAccess adds $event['event-id'].
 */
final class Record extends \stdClass implements \ArrayAccess
{
    /** @param array<string, mixed> $fields */
    public function __construct(array $fields = [])
    {
        foreach ($fields as $name => $value) {
            $this->{$name} = $value;
        }
    }

    public function offsetExists(mixed $offset): bool
    {
        return isset($this->{$offset});
    }

    public function offsetGet(mixed $offset): mixed
    {
        return $this->{$offset} ?? null;
    }

    public function offsetSet(mixed $offset, mixed $value): void
    {
        $this->{$offset} = $value;
    }

    public function offsetUnset(mixed $offset): void
    {
        unset($this->{$offset});
    }
}
