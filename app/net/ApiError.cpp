// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApiError.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ApiError", text);
}
} // namespace

bool ApiError::provesNotProcessed() const
{
    return surelyNotProcessed || kind == Kind::RateLimited;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("None");
    case Kind::Network:
        return QStringLiteral("Network");
    case Kind::Tls:
        return QStringLiteral("Tls");
    case Kind::Timeout:
        return QStringLiteral("Timeout");
    case Kind::RateLimited:
        return QStringLiteral("RateLimited");
    case Kind::Auth:
        return QStringLiteral("Auth");
    case Kind::NotFound:
        return QStringLiteral("NotFound");
    case Kind::Validation:
        return QStringLiteral("Validation");
    case Kind::Conflict:
        return QStringLiteral("Conflict");
    case Kind::Provider:
        return QStringLiteral("Provider");
    case Kind::Server:
        return QStringLiteral("Server");
    case Kind::Decode:
        return QStringLiteral("Decode");
    case Kind::Cancelled:
        return QStringLiteral("Cancelled");
    }
    return QString();
}

QString ApiError::advice() const
{
    if (!nextStep.isEmpty())
        return nextStep;
    switch (kind) {
    case Kind::None:
    case Kind::Cancelled:
        return QString();
    case Kind::Network:
        return tr(
            "Check the network connection and the provider's URL in the connection profile, then try again.");
    case Kind::Tls:
        return tr("The secure connection was refused: the server's certificate is not trusted or its TLS "
                  "set-up is too weak. Check the URL, or add the right CA file to the connection profile. "
                  "Verification is never switched off.");
    case Kind::Timeout:
        return tr(
            "The provider did not answer in time. Try again; if it persists, check the provider's status.");
    case Kind::RateLimited:
        return retryAfterSeconds >= 0
                   ? tr("Nothing was processed. Wait %1 s and try again.").arg(retryAfterSeconds)
                   : tr("Nothing was processed. Wait a minute and try again.");
    case Kind::Auth:
        return tr("Check the credentials and permissions in the connection profile.");
    case Kind::NotFound:
        return tr("Check the identifier.");
    case Kind::Validation:
        return tr("Correct the fields named and send again.");
    case Kind::Conflict:
        return tr("Refresh to see the current state.");
    case Kind::Provider:
        return tr("See the provider's message; correct the request or contact the provider.");
    case Kind::Server:
        return tr(
            "The provider had an internal fault. Try again later; if it persists, contact the provider.");
    case Kind::Decode:
        return tr("The provider's answer could not be read. Check that the URL points at the right service.");
    }
    return QString();
}

QString ApiError::message() const
{
    QString text = summary();
    const QString next = advice();
    if (!text.isEmpty() && !next.isEmpty())
        text += QLatin1Char(' ') + next;
    return text;
}

QString ApiError::summary() const
{
    if (kind == Kind::None)
        return QString();
    QString what;
    switch (kind) {
    case Kind::Network:
        what = tr("network error");
        break;
    case Kind::Tls:
        what = tr("TLS error");
        break;
    case Kind::Timeout:
        what = tr("timed out");
        break;
    case Kind::RateLimited:
        what = tr("rate limited");
        break;
    case Kind::Auth:
        what = tr("not authorised");
        break;
    case Kind::NotFound:
        what = tr("not found");
        break;
    case Kind::Validation:
        what = tr("invalid data");
        break;
    case Kind::Conflict:
        what = tr("conflict");
        break;
    case Kind::Provider:
        what = tr("rejected by the provider");
        break;
    case Kind::Server:
        what = tr("provider fault");
        break;
    case Kind::Decode:
        what = tr("unreadable answer");
        break;
    case Kind::Cancelled:
        what = tr("cancelled");
        break;
    case Kind::None:
        break;
    }
    QString text =
        tr("%1: %2 failed — %3").arg(provider.isEmpty() ? tr("Provider") : provider, operation, what);
    if (httpStatus > 0)
        text += tr(" (HTTP %1)").arg(httpStatus);
    if (!detail.isEmpty())
        text += QStringLiteral(": ") + detail;
    if (!text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    return text;
}
