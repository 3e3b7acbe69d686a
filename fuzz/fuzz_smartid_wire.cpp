// SPDX-License-Identifier: GPL-3.0-or-later
// SmartID response decoding: the body code (number or string, key in any case) against the HTTP
// status, the classification, the message and the error body.
#include "FuzzSupport.h"
#include "providers/smartid/SmartIdWire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const FuzzSupport::Response r = FuzzSupport::responseFrom(data, size);
    (void)SmartIdWire::bodyCode(r.json);
    const int code = SmartIdWire::effectiveCode(r.status, r.json);
    (void)SmartIdWire::classify(code);
    (void)SmartIdWire::message(r.json);
    ApiError e = FuzzSupport::errorFor(r.status);
    SmartIdWire::decodeError(r.json, &e);
    FuzzSupport::touch(e);
    return 0;
}
