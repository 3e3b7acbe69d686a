// SPDX-License-Identifier: GPL-3.0-or-later
// The connection profile loader (docs/architecture.md section 6) fed arbitrary bytes as the profile file. The
// file lives in a private temporary folder, next to a valid CA file named ca.pem that a profile may name.
#include "domain/ConnectionProfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <cstdint>
#include <cstdlib>

namespace {
const char kCaPem[] = "-----BEGIN CERTIFICATE-----\n"
                      "MIIBgTCCASegAwIBAgIUfuzzfuzzfuzzfuzzfuzzfuzzfuzzfwwCgYIKoZIzj0EAwIw\n"
                      "-----END CERTIFICATE-----\n";
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static QTemporaryDir dir;
    static const bool ready = [] {
        QFile ca(dir.filePath(QStringLiteral("ca.pem")));
        return dir.isValid() && ca.open(QIODevice::WriteOnly) && ca.write(kCaPem) > 0;
    }();
    if (!ready)
        std::abort();
    const QString path = dir.filePath(QStringLiteral("profile.json"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        file.write(reinterpret_cast<const char*>(data), static_cast<qint64>(size));
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    }
    ConnectionProfile::LoadOptions options;
    options.requirePrivateFile = true;
    options.secretsFromEnvironment = false;
    QString error;
    const auto profile = ConnectionProfile::load(path, options, &error);
    if (!profile && error.isEmpty())
        std::abort(); // a refused profile always says why
    if (profile)
        (void)profile->environment();
    return 0;
}
