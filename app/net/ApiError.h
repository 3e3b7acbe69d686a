// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

/// One typed error for every failed call (docs/architecture.md section 4); the UI decides how to show it.
struct ApiError
{
    enum class Kind
    {
        None,
        Network,
        Tls,
        Timeout,
        RateLimited,
        Auth,
        NotFound,
        Validation,
        Conflict,
        Provider,
        Server,
        Decode,
        Cancelled,
    };

    Kind kind = Kind::None;
    QString provider;     ///< e.g. "Trust Swiftly"
    QString operation;    ///< e.g. "search users"
    QString detail;       ///< what went wrong, as specific as we know it
    int httpStatus = 0;   ///< 0 when no HTTP response arrived
    QString providerCode; ///< the provider's own error code, if any
    int retryAfterSeconds = -1;
    QMap<QString, QStringList> fieldErrors; ///< Validation: field name -> messages
    bool surelyNotProcessed = false;        ///< set when the request provably changed nothing
    QString nextStep; ///< what to do next, when the provider knows better than the kind's advice()

    bool isError() const { return kind != Kind::None; }
    /// True when the request provably did not change anything at the provider.
    bool provesNotProcessed() const;
    /// A sentence for the user: which provider, which operation, what happened, what to do next.
    QString message() const;
    /// message() without what to do next: for a caller that says that itself (an unknown outcome is
    /// never "try again").
    QString summary() const;
    /// What the user can do about it.
    QString advice() const;
    static QString kindName(Kind kind);
};

Q_DECLARE_METATYPE(ApiError)
