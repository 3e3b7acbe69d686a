// SPDX-License-Identifier: GPL-3.0-or-later
#include "OutcomeRules.h"

#include <QCoreApplication>

namespace OutcomeRules {
ActionOutcome fromError(const ApiError& error)
{
    ActionOutcome o;
    o.httpStatus = error.httpStatus;
    o.providerCode = error.providerCode;
    o.message = error.message();
    o.fieldErrors = error.fieldErrors;
    switch (error.kind) {
    case ApiError::Kind::None:
        o.kind = ActionOutcome::Kind::Succeeded;
        break;
    case ApiError::Kind::Timeout:
        o.kind = ActionOutcome::Kind::Unknown;
        o.message = QCoreApplication::translate(
                        "OutcomeRules", "%1 — the request may have been processed. It is listed under "
                                        "Unresolved: check the user's state and resolve it; it will not "
                                        "be sent again automatically.")
                        .arg(error.summary());
        break;
    case ApiError::Kind::Network:
    case ApiError::Kind::Cancelled:
        if (error.surelyNotProcessed) {
            o.kind = ActionOutcome::Kind::NotSent;
        } else {
            o.kind = ActionOutcome::Kind::Unknown;
            o.message = QCoreApplication::translate(
                            "OutcomeRules", "%1 — the connection was lost after the request was sent, so "
                                            "it may have been processed. It is listed under Unresolved; "
                                            "it will not be sent again automatically.")
                            .arg(error.summary());
        }
        break;
    case ApiError::Kind::Tls:
    case ApiError::Kind::RateLimited:
        o.kind = ActionOutcome::Kind::NotSent;
        break;
    case ApiError::Kind::Decode:
        // A 2xx accepted the request; only its answer is unreadable. Calling that "rejected" would
        // invite sending it again.
        if (error.httpStatus >= 200 && error.httpStatus < 300) {
            o.kind = ActionOutcome::Kind::Unknown;
            o.message =
                QCoreApplication::translate(
                    "OutcomeRules", "%1 — the provider accepted the request (HTTP %2) but its answer "
                                    "could not be read, so the result is not confirmed. It is listed "
                                    "under Unresolved: check the user's state and resolve it; it will "
                                    "not be sent again automatically.")
                    .arg(error.summary())
                    .arg(error.httpStatus);
        } else {
            o.kind = ActionOutcome::Kind::Rejected;
        }
        break;
    default:
        o.kind = ActionOutcome::Kind::Rejected;
        break;
    }
    return o;
}
} // namespace OutcomeRules
