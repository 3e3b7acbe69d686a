// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>

class DemoSandbox;
class MainWindow;
class ProfilesController;
class SignInDialog;
class Store;
struct Operator;
template <typename T> class QFutureWatcher;

/// The start-up sequence of the GUI: connection profile (or the demo sandbox) → store → sign-in →
/// main window, and back to the sign-in after signing out. Never blocks: each step follows the
/// previous one's signal.
class ConsoleLauncher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleLauncher)

public:
    struct Options
    {
        bool demo = false;      ///< start the bundled sandbox and a throwaway store with demo operators
        QString profilePath;    ///< connection profile; empty: none (the window says how to connect)
        QString storeUrl;       ///< empty: StoreFactory::defaultUrl(), or the throwaway store in demo mode
        QString sandboxProgram; ///< demo: identitydesk-sandbox to run; empty: DemoSandbox's default
        QStringList sandboxArguments; ///< demo: extra arguments, e.g. --users N
        bool firstRunWizard = false;  ///< on a first start (no stored profile), ask: demo or own providers
    };

    explicit ConsoleLauncher(const Options& options, QObject* parent = nullptr);
    ~ConsoleLauncher() override;

    /// Shows the sign-in dialog and prepares what it needs.
    void start();
    SignInDialog* signInDialog() const { return m_dialog.get(); }
    MainWindow* window() const;
    Store* store() const { return m_store.get(); }
    QString storeUrl() const { return m_storeUrl; }

signals:
    /// The sign-in was cancelled with no console open: the application should end.
    void quitRequested();
    /// A console window opened after a sign-in.
    void windowOpened(MainWindow* window);

private:
    void openStore(const QString& url);
    void showFirstRunWizard();
    void seedDemoOperators();
    void onDemoSeeded(const QString& error);
    void onSignedIn(const Operator& op);
    void signOut();

    Options m_options;
    // Declared before the store: the demo's folder holds the store file and must outlive it.
    std::unique_ptr<DemoSandbox> m_sandbox;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SignInDialog> m_dialog;
    QPointer<MainWindow> m_window;
    QFutureWatcher<QString>* m_seeding;
    QString m_storeUrl;
    QString m_profilePath;
    ProfilesController* m_profiles;
    bool m_openProfileEditor = false; ///< the first-run wizard's "Connect to my providers"
    bool m_roleSignIn = false; ///< an enforced team store: each sign-in connects as the operator's role
};
