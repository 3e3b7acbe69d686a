// SPDX-License-Identifier: GPL-3.0-or-later
// Trust Swiftly response decoding: user pages, one user, workflow templates, the reverify answer
// (already_assigned, success:false) and the Laravel error body, each fed the same document.
#include "FuzzSupport.h"
#include "providers/trustswiftly/TrustSwiftlyWire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const FuzzSupport::Response r = FuzzSupport::responseFrom(data, size);
    QString why;
    UserPage page;
    (void)TrustSwiftlyWire::parseUserPage(r.json, &page, &why);
    UserRecord user;
    (void)TrustSwiftlyWire::parseUserEnvelope(r.json, &user, &why);
    if (r.json.isObject())
        (void)TrustSwiftlyWire::parseUser(r.json.object(), &user, &why);
    WorkflowList workflows;
    (void)TrustSwiftlyWire::parseWorkflows(r.json, &workflows, &why);
    (void)TrustSwiftlyWire::isAlreadyAssigned(r.json);
    (void)TrustSwiftlyWire::reverifyReportsFailure(r.json);
    (void)TrustSwiftlyWire::errorMessage(r.json);
    ApiError e = FuzzSupport::errorFor(r.status);
    TrustSwiftlyWire::decodeError(r.json, &e);
    FuzzSupport::touch(e);
    return 0;
}
