// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class MessageBanner;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class Session;
class UserDetailPane;
class UsersModel;

/// The operator console: search box, results table, detail pane, status bar.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads the profile and connects; problems are shown in the window.
    bool openProfile(const QString& path);
    /// Shows a message while there is nothing to connect to yet (e.g. the demo is starting).
    void showStatusMessage(const QString& text);
    void showError(const QString& text);
    Session* session() const { return m_session; }
    UsersModel* usersModel() const { return m_model; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildUi();
    void createActions();
    void searchNow();
    void onStateChanged();
    void onCurrentRowChanged();
    void fillViewport();
    void updateWindowTitle();

    Session* m_session = nullptr;
    UsersModel* m_model = nullptr;
    QLineEdit* m_search;
    QLabel* m_searchStatus;
    MessageBanner* m_banner;
    QTableView* m_table;
    UserDetailPane* m_detail;
    QLabel* m_profileLabel;
    QLabel* m_environmentLabel;
    QTimer* m_debounce;
};
