// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// How the console reaches the internet: the system's proxy configuration (default), a manual
/// HTTP proxy, or none. Stored in QSettings; the proxy password lives in the secret store under
/// kPasswordKey.
struct ProxySettings
{
    enum class Mode
    {
        System,
        Manual,
        None
    };
    Mode mode = Mode::System;
    QString host;
    int port = 3128;
    QString user;

    static inline const char* const kPasswordKey = "proxy/password";

    static ProxySettings load();
    void save() const;
    /// Makes it the application's proxy (password: from the secret store; empty if none).
    void apply(const QString& password) const;
    /// Empty when usable; otherwise what to fix.
    QString problem() const;
};
