// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <functional>

class MainWindow;
class ProfileRepository;
class ProfilesDialog;
class QMenu;
class SecretStore;

/// The GUI side of connection profiles: picks the secret store (the keychain; when there is none,
/// the user's explicit opt-in to keep secrets for this session only), applies the proxy settings,
/// adds the Profiles menu to a console window, switches profiles and opens the editor.
class ProfilesController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilesController)

public:
    explicit ProfilesController(QObject* parent = nullptr);
    ~ProfilesController() override;

    ProfileRepository* repository() const { return m_repository; }
    /// Where secrets are kept: the keychain, or this session's memory once the user chose it.
    SecretStore* secretStore() const { return m_secrets; }
    /// True on a first start: no stored profile and the first-run wizard not answered yet.
    bool needsFirstRun() const;
    /// Adds the Profiles menu; when openCurrent, connects the window to the current stored profile.
    void attach(MainWindow* window, bool openCurrent, bool openEditor);
    void openEditor(MainWindow* window);
    void switchTo(MainWindow* window, const QString& id);
    /// Demo mode (a throwaway store whose operators' password is published): production profiles are
    /// neither listed nor opened, and the profile editor, which shows them, is not offered.
    void setDemo(bool demo) { m_demo = demo; }

private:
    void prepareSecrets(QWidget* parent, std::function<void()> done);
    void fillMenu(QMenu* menu, MainWindow* window);

    SecretStore* m_secrets = nullptr;
    ProfileRepository* m_repository;
    bool m_secretsReady = false;
    bool m_demo = false;
    QList<std::function<void()>> m_waiting;
    QPointer<ProfilesDialog> m_dialog;
};
