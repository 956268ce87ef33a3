<?php

// A function written for Kubeless' PHP runtime, unchanged.
function foo($event, $context)
{
    return "hello {$event->data->name} from {$context->{'function-name'}}";
}
