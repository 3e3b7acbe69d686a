// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkRow.h"

#include <QDialog>
#include <QList>
#include <QMap>
#include <QPointer>

class BulkDryRun;
class BulkJobService;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

/// A new bulk job, from a CSV file or from users selected in the search table with one action and one
/// reason: every row is checked (dry run, nothing sent), the preview shows what goes to whom and which
/// lines are invalid and why, and the valid rows are submitted as one job for a supervisor's approval.
/// Non-modal: open it with show().
class BulkJobDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkJobDialog)

public:
    explicit BulkJobDialog(BulkJobService* jobs, QWidget* parent = nullptr);

    /// Reads and checks a CSV file (the Open button's file dialog ends here).
    void loadFile(const QString& path);
    /// Rows from the search table: these users, the action chosen in the dialog, one reason.
    void setSelectedUsers(const QString& provider, const QStringList& userIds);
    /// People selected in the federated search: each maps provider key → that provider's id. A row
    /// uses the id at the chosen action's provider; a person unknown there is an invalid row.
    void setSelectedPeople(const QList<QMap<QString, QString>>& people, const QString& preferredProvider);
    /// Builds the rows from the selection and checks them.
    void checkSelection();
    /// A production profile: a red line naming it, and Submit asks once more (ProductionConfirmation)
    /// before the job goes to approval.
    void setProductionEnvironment(const QString& profileName);
    const QList<BulkRow>& rows() const { return m_rows; }
    qint64 submittedJobId() const { return m_jobId; }

signals:
    void submitted(qint64 jobId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void openFile();
    void check(QList<BulkRow> rows);
    void showPreview();
    void applyInvalidOnly();
    void submit();
    void submitConfirmed();
    QString jobDescription() const;
    void updateWidgets();
    /// Every text, again in the current language (also after a switch at run time).
    void retranslateUi();

    BulkJobService* m_jobs;
    QString m_fileName;
    QString m_selectionProvider;
    QList<QMap<QString, QString>> m_selectedUsers;
    QList<BulkRow> m_rows;
    QPointer<BulkDryRun> m_dryRun;
    bool m_checked = false;
    qint64 m_jobId = 0;
    QString m_productionProfile; ///< non-empty: Submit asks ProductionConfirmation first

    QLabel* m_production;
    QPushButton* m_open;
    QLabel* m_source;
    QComboBox* m_action;
    QLineEdit* m_params;
    QLineEdit* m_reason;
    QPushButton* m_checkButton;
    QTableWidget* m_preview;
    QCheckBox* m_invalidOnly; ///< hides the valid rows, to review the refused ones in a long file
    QLabel* m_summary;
    QPushButton* m_submit;
    QPushButton* m_close;
    QFormLayout* m_form;
    QLabel* m_fileLabel = nullptr;
};
