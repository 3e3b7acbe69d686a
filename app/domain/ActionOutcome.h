// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

/// What became of a sent action (docs/architecture.md section 2, step 5).
struct ActionOutcome
{
    enum class Kind
    {
        Succeeded,      ///< the provider applied it
        AlreadyInState, ///< nothing to do: the user already was in the wanted state
        Rejected,       ///< the provider refused it (its code and message are kept)
        Unknown,        ///< may or may not have been processed: a person must resolve it
        NotSent, ///< failed before reaching the provider (refused, TLS, 429 after retries): nothing changed
    };
    Kind kind = Kind::Unknown;
    int httpStatus = 0;
    QString providerCode;
    QString message;   ///< for the operator
    QJsonObject after; ///< the state after the action, where the provider tells it
    /// The provider's complaints per request field (e.g. a 422), for showing next to the field.
    QMap<QString, QStringList> fieldErrors;

    static QString kindName(Kind kind);
};
