"""A test function with an async handler."""
import asyncio


async def handler(event, context):
    await asyncio.sleep(0.01)
    return {"async": True}
