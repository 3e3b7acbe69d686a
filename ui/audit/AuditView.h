// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/AuditLogReader.h"

#include <QWidget>

class AuditModel;
class MessageBanner;
class QCheckBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

/// The audit log, read-only for everyone: filters applied on a button or Enter, the selected entry in
/// full, CSV export and a check of the hash chain.
class AuditView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditView)

public:
    /// Reads the log through `log` (its store must outlive the view).
    explicit AuditView(AuditLogReader log, QWidget* parent = nullptr);

    AuditModel* model() const { return m_model; }
    /// Reads the log again with the filter last applied; false (and a banner) on failure.
    bool refresh();
    /// The log changed: read it now if the view is shown, else when it is shown next.
    void markStale();
    /// Takes the filter fields and reads the log.
    void applyFilter();
    void clearFilter();
    /// Asks where to save (SaveFileDialog) and writes the entries shown, oldest first.
    void exportCsv();
    /// Recomputes the hash chain of the whole log and says where it breaks, if it does.
    void verifyChain();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    /// The "Entries shown" line and whether Export can be used.
    void updateCount();
    void showCurrentEntry();
    void writeCsv(const QString& path);

    AuditLogReader m_log;
    AuditModel* m_model;
    bool m_stale = true;
    QLineEdit* m_operator;
    QLineEdit* m_user;
    QLineEdit* m_action;
    QCheckBox* m_fromEnabled;
    QDateEdit* m_from;
    QCheckBox* m_toEnabled;
    QDateEdit* m_to;
    QPushButton* m_apply;
    QPushButton* m_clear;
    MessageBanner* m_banner;
    QTableView* m_table;
    QPlainTextEdit* m_detail;
    QLabel* m_count;
    QPushButton* m_verify;
    QPushButton* m_export;
};
