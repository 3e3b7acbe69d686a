// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionProfile.h"

#include "ProfileFieldReader.h"
#include "providers/ProviderRegistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

std::optional<QJsonObject> sectionObject(const QJsonObject& root, const char* key, QString* problem)
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
    ProfileFieldReader top(root, QString(), &problem);
    p.name = top.string("name", true);
    p.declaredEnvironment = top.string("environment", false);
    if (!p.declaredEnvironment.isEmpty() && p.declaredEnvironment != QLatin1String("test") &&
        p.declaredEnvironment != QLatin1String("production"))
        top.fail(QCoreApplication::translate("ConnectionProfile",
                                             "field 'environment' must be \"test\" or \"production\""));
    const QString ca = top.string("ca_file", false);
    bool configured = false;
    QStringList sections;
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        sections << QStringLiteral("'%1'").arg(module->key());
        const QByteArray key = module->key().toLatin1();
        if (auto o = sectionObject(root, key.constData(), &problem)) {
            ProfileFieldReader r(*o, module->key(), &problem);
            module->readSection(r, options.secretsFromEnvironment ? module->secretVariable() : QString(), &p);
            configured = true;
        }
    }
    if (problem.isEmpty() && !configured) {
        const QString last = sections.takeLast();
        problem = QCoreApplication::translate("ConnectionProfile",
                                              "no provider is configured (add a %1 or %2 section)")
                      .arg(sections.join(QStringLiteral(", ")), last);
    }
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
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (module->isProduction(*this))
            return QStringLiteral("production");
    }
    return QStringLiteral("test");
}
