// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"

#include <QApplication>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>
#include <memory>

class MainWindow;
class SandboxServer;
class Store;

/// What the UI tests share: a real SQLite store in a temporary folder with the demo operators
/// (officer, supervisor, supervisor2, auditor), an in-process sandbox over TLS and its profile.
class UiTestFixture final
{
public:
    UiTestFixture();
    ~UiTestFixture();

    /// A fresh store; with operators unless `empty`.
    bool createStore(QString* error, bool empty = false);
    /// Starts the sandbox and writes its profile. When the sandbox has no Smile ID emulator yet, the
    /// profile still gets a "smileid" section (requests to it fail, but nothing needs to be sent).
    bool startSandbox(quint32 users, QString* error);
    /// As above; `smileIdBadSignature` makes Smile ID sign its job_status answers wrongly.
    bool startSandbox(quint32 users, bool smileIdBadSignature, QString* error);
    bool hasSmileIdEmulator() const { return m_smileIdEmulated; }

    Store* store() const { return m_store.get(); }
    QString storeUrl() const { return m_storeUrl; }
    QString profilePath() const { return m_profilePath; }
    SandboxServer* sandbox() const { return m_sandbox.get(); }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }

    /// Signs in through OperatorService (tests may block).
    Operator signIn(const QString& name) const;
    /// A shown window of this operator, connected to the sandbox's profile.
    std::unique_ptr<MainWindow> openWindow(const QString& operatorName) const;
    /// Requests that reached Smile ID's enrollee endpoint.
    int enrolleeRequests() const;
    QByteArray lastEnrolleeBody() const;
    /// The Smile ID user id of population member n.
    QString smileIdUser(quint32 n) const;

    /// Waits until every federated-search source has answered the window's current query.
    static bool waitForSearch(MainWindow* window, int timeoutMs = 10000);
    /// Types `text` into the search box, presses Enter, waits for the answers and clicks the first
    /// result row known to `provider`. False when there is none.
    static bool searchAndSelect(MainWindow* window, const QString& text,
                                const QString& provider = QStringLiteral("trustswiftly"));
    /// The row of the results table (the proxy) known to `provider` with this id, -1 when none.
    static int resultRow(MainWindow* window, const QString& provider, const QString& id = QString());

    /// Saves widget->grab() into the screenshot folder.
    static bool screenshot(QWidget* widget, const QString& name);
    /// The visible top-level or child dialog of type T, waiting up to 5 s for it.
    /// Types the demo password into the step-up dialog that a destructive action opens (PresenceDialog)
    /// and confirms; false when no such dialog appeared or it did not accept the password.
    static bool confirmStepUp();
    template <typename T> static T* waitForDialog()
    {
        T* found = nullptr;
        const bool appeared = QTest::qWaitFor(
            [&found] {
                for (QWidget* w : QApplication::topLevelWidgets()) {
                    if (auto* d = qobject_cast<T*>(w); d && d->isVisible()) {
                        found = d;
                        return true;
                    }
                    for (T* d : w->findChildren<T*>())
                        if (d->isVisible()) {
                            found = d;
                            return true;
                        }
                }
                return false;
            },
            5000);
        return appeared ? found : nullptr;
    }

private:
    QTemporaryDir m_dir;
    QString m_storeUrl;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profilePath;
    bool m_smileIdEmulated = false;
};
