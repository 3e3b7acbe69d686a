// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionProfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

namespace {

/// Reads fields of one JSON object and remembers the first problem, named by its dotted path.
class FieldReader
{
public:
    FieldReader(const QJsonObject& object, QString prefix, QString* problem)
        : m_object(object)
        , m_prefix(std::move(prefix))
        , m_problem(problem)
    {}

    QString string(const char* key, bool required, const QString& envFallback = QString())
    {
        const QString name = QString::fromLatin1(key);
        const QJsonValue v = m_object.value(name);
        if (v.isUndefined() || v.isNull()) {
            if (!envFallback.isEmpty()) {
                const QString env = QProcessEnvironment::systemEnvironment().value(envFallback);
                if (!env.isEmpty())
                    return env;
            }
            if (required)
                fail(QCoreApplication::translate("ConnectionProfile", "field '%1' is missing")
                         .arg(path(name)) +
                     (envFallback.isEmpty() ? QString()
                                            : QCoreApplication::translate("ConnectionProfile", " (or set %1)")
                                                  .arg(envFallback)));
            return QString();
        }
        if (!v.isString()) {
            fail(QCoreApplication::translate("ConnectionProfile", "field '%1' must be a string")
                     .arg(path(name)));
            return QString();
        }
        const QString s = v.toString();
        if (required && s.trimmed().isEmpty())
            fail(QCoreApplication::translate("ConnectionProfile", "field '%1' is empty").arg(path(name)));
        return s;
    }

    /// A required https URL, or `fallback` (when valid) if the field is absent.
    QUrl url(const char* key, const QUrl& fallback = QUrl())
    {
        const QJsonValue given = m_object.value(QString::fromLatin1(key));
        if (fallback.isValid() && (given.isUndefined() || given.isNull()))
            return fallback;
        const QString text = string(key, true);
        if (text.isEmpty())
            return QUrl();
        const QUrl u(text, QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty())
            fail(QCoreApplication::translate("ConnectionProfile", "field '%1' is not a valid URL: %2")
                     .arg(path(QString::fromLatin1(key)), text));
        else if (u.scheme() != QLatin1String("https"))
            fail(QCoreApplication::translate("ConnectionProfile",
                                             "field '%1' must be an https:// URL (got %2)")
                     .arg(path(QString::fromLatin1(key)), text));
        else if (u.hasQuery() || u.hasFragment())
            fail(QCoreApplication::translate("ConnectionProfile",
                                             "field '%1' must not carry a query or fragment")
                     .arg(path(QString::fromLatin1(key))));
        return u;
    }

    void fail(const QString& problem)
    {
        if (m_problem->isEmpty())
            *m_problem = problem;
    }

private:
    QString path(const QString& name) const { return m_prefix.isEmpty() ? name : m_prefix + '.' + name; }

    QJsonObject m_object;
    QString m_prefix;
    QString* m_problem;
};

std::optional<QJsonObject> section(const QJsonObject& root, const char* key, QString* problem)
{
    const QJsonValue v = root.value(QString::fromLatin1(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isObject()) {
        if (problem->isEmpty())
            *problem = QCoreApplication::translate("ConnectionProfile", "field '%1' must be an object")
                           .arg(QString::fromLatin1(key));
        return std::nullopt;
    }
    return v.toObject();
}
} // namespace

std::optional<ConnectionProfile> ConnectionProfile::load(const QString& path, QString* error)
{
    return load(path, LoadOptions{}, error);
}

std::optional<ConnectionProfile> ConnectionProfile::load(const QString& path, const LoadOptions& options,
                                                         QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = QCoreApplication::translate("ConnectionProfile", "Connection profile %1: %2")
                         .arg(QDir::toNativeSeparators(path), why);
        return std::nullopt;
    };
    QFile file(path);
    if (!file.exists())
        return fail(QCoreApplication::translate("ConnectionProfile", "file not found"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QCoreApplication::translate("ConnectionProfile", "cannot read the file (%1)")
                        .arg(file.errorString()));
#ifndef Q_OS_WIN
    if (options.requirePrivateFile &&
        (file.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther)))
        return fail(QCoreApplication::translate(
                        "ConnectionProfile",
                        "the file holds secrets and must be readable by its owner only (chmod 600 %1)")
                        .arg(path));
#endif
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QCoreApplication::translate("ConnectionProfile", "not valid JSON at offset %1 (%2)")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    if (!doc.isObject())
        return fail(QCoreApplication::translate("ConnectionProfile", "the top level must be a JSON object"));
    const QJsonObject root = doc.object();

    ConnectionProfile p;
    p.filePath = QFileInfo(path).absoluteFilePath();
    QString problem;
    FieldReader top(root, QString(), &problem);
    p.name = top.string("name", true);
    p.declaredEnvironment = top.string("environment", false);
    if (!p.declaredEnvironment.isEmpty() && p.declaredEnvironment != QLatin1String("test") &&
        p.declaredEnvironment != QLatin1String("production"))
        top.fail(QCoreApplication::translate("ConnectionProfile",
                                             "field 'environment' must be \"test\" or \"production\""));
    const QString ca = top.string("ca_file", false);
    auto envName = [&](const char* name) {
        return options.secretsFromEnvironment ? QString::fromLatin1(name) : QString();
    };

    if (auto o = section(root, "smileid", &problem)) {
        FieldReader r(*o, QStringLiteral("smileid"), &problem);
        SmileId s;
        s.environment = r.string("environment", true);
        const bool knownEnvironment =
            s.environment == QLatin1String("test") || s.environment == QLatin1String("production");
        if (!s.environment.isEmpty() && !knownEnvironment)
            r.fail(QCoreApplication::translate(
                "ConnectionProfile", "field 'smileid.environment' must be \"test\" or \"production\""));
        // Without a URL, Smile ID's own hosts for the environment (docs/architecture.md section 3).
        s.portalUrl =
            r.url("portal_url", knownEnvironment ? SmileId::defaultPortalUrl(s.environment) : QUrl());
        s.apiUrl = r.url("api_url", knownEnvironment ? SmileId::defaultApiUrl(s.environment) : QUrl());
        s.partnerId = r.string("partner_id", true);
        s.apiKey = r.string("api_key", true, envName("IDENTITYDESK_SMILEID_API_KEY"));
        s.email = r.string("email", true);
        s.pinSha256 = r.string("pin_sha256", false);
        p.smileId = s;
    }
    if (auto o = section(root, "sdkfinance", &problem)) {
        FieldReader r(*o, QStringLiteral("sdkfinance"), &problem);
        SdkFinance s;
        s.baseUrl = r.url("base_url", SdkFinance::defaultBaseUrl());
        s.login = r.string("login", true);
        s.password = r.string("password", true, envName("IDENTITYDESK_SDKFINANCE_PASSWORD"));
        s.pinSha256 = r.string("pin_sha256", false);
        p.sdkFinance = s;
    }
    if (auto o = section(root, "trustswiftly", &problem)) {
        FieldReader r(*o, QStringLiteral("trustswiftly"), &problem);
        TrustSwiftly s;
        s.baseUrl = r.url("base_url");
        s.apiKey = r.string("api_key", true, envName("IDENTITYDESK_TRUSTSWIFTLY_API_KEY"));
        s.pinSha256 = r.string("pin_sha256", false);
        p.trustSwiftly = s;
    }
    if (auto o = section(root, "smartid", &problem)) {
        FieldReader r(*o, QStringLiteral("smartid"), &problem);
        SmartId s;
        s.baseUrl = r.url("base_url");
        s.apiKey = r.string("api_key", true, envName("IDENTITYDESK_SMARTID_API_KEY"));
        s.pinSha256 = r.string("pin_sha256", false);
        p.smartId = s;
    }
    if (problem.isEmpty() && !p.smileId && !p.sdkFinance && !p.trustSwiftly && !p.smartId)
        problem = QCoreApplication::translate(
            "ConnectionProfile",
            "no provider is configured (add a 'smileid', 'sdkfinance', 'trustswiftly' or "
            "'smartid' section)");
    if (!problem.isEmpty())
        return fail(problem);

    if (!ca.isEmpty()) {
        const QFileInfo caInfo(QFileInfo(path).absoluteDir(), ca);
        p.caFile = caInfo.absoluteFilePath();
        QFile caFile(p.caFile);
        if (!caFile.open(QIODevice::ReadOnly))
            return fail(
                QCoreApplication::translate("ConnectionProfile", "field 'ca_file': cannot read %1 (%2)")
                    .arg(p.caFile, caFile.errorString()));
        p.caCertificates = QSslCertificate::fromData(caFile.readAll(), QSsl::Pem);
        if (p.caCertificates.isEmpty())
            return fail(QCoreApplication::translate("ConnectionProfile",
                                                    "field 'ca_file': %1 holds no PEM certificate")
                            .arg(p.caFile));
    }
    return p;
}

QString ConnectionProfile::environment() const
{
    if (declaredEnvironment == QLatin1String("production"))
        return declaredEnvironment;
    if (smileId && smileId->environment == QLatin1String("production"))
        return QStringLiteral("production");
    return QStringLiteral("test");
}
