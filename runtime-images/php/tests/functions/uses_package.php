<?php

// Needs the package nubo/greeter, which the dependency tests make and install from a local path.
function handler($event, $context)
{
    return \Nubo\Greeter\Greeter::greet($event->data);
}
