// SPDX-License-Identifier: GPL-3.0-or-later
// Smile ID response decoding: the error body ({"code","error"}) for every status, and the code texts.
#include "FuzzSupport.h"
#include "providers/smileid/SmileIdWire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const FuzzSupport::Response r = FuzzSupport::responseFrom(data, size);
    ApiError e = FuzzSupport::errorFor(r.status);
    SmileIdWire::decodeError(r.json, &e);
    FuzzSupport::touch(e);
    (void)SmileIdWire::codeMessage(QString::fromUtf8(r.body.left(16)));
    return 0;
}
