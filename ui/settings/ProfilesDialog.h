// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class ConnectionTester;
class ProfileForm;
class ProfileRepository;
class QLabel;
class QListWidget;
class QPushButton;
struct ConnectionTestResult;

/// The connection profiles editor: the list of profiles, the form of the selected one, Test
/// connection, import / export (never secrets) and the CLI profile export (0600, after a
/// confirmation). Saves settings to QSettings and secrets to the repository's secret store.
class ProfilesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilesDialog)

public:
    /// repository is not owned and must outlive the dialog.
    explicit ProfilesDialog(ProfileRepository* repository, QWidget* parent = nullptr);
    ~ProfilesDialog() override;

    ProfileForm* form() const { return m_form; }
    ConnectionTester* tester() const { return m_tester; }
    /// The message line under the form (saved, import warnings, problems).
    QString statusText() const;
    void selectProfile(const QString& id);
    /// Imports a profile export (file chooser in the GUI); warnings about stripped secrets are shown.
    void importFile(const QString& path);
    void exportFile(const QString& path);
    void save();

signals:
    /// A profile was saved (its id): the console may switch to it.
    void profileSaved(const QString& id);

private:
    void reloadList(const QString& selectId);
    void onCurrentChanged();
    void addProfile();
    void removeProfile();
    void runTest(const QString& provider);
    void onTestFinished(const ConnectionTestResult& result);
    void exportCliProfile();
    void showStatus(bool error, const QString& text);
    void updateWidgets();

    ProfileRepository* m_repository;
    ConnectionTester* m_tester;
    QListWidget* m_list;
    ProfileForm* m_form;
    QLabel* m_status;
    QLabel* m_secretsNote;
    QPushButton* m_save;
    QPushButton* m_remove;
    bool m_loading = false;
};
