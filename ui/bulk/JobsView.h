// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class BulkJobService;
class BulkJobsModel;
class MessageBanner;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

/// The Jobs tab: bulk jobs with state and counts; for the selected one a progress bar, ETA and
/// Pause / Resume / Cancel / Export results. Offers (in a banner, not a dialog) to resume jobs a
/// stopped console left unfinished.
class JobsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobsView)

public:
    explicit JobsView(QWidget* parent = nullptr);

    /// Not owned; null detaches.
    void setJobService(BulkJobService* jobs);
    BulkJobsModel* model() const { return m_model; }
    /// Reads the jobs again and looks for interrupted ones to offer.
    void refresh();
    /// Jobs a stopped console left unfinished: shown in the banner with a Resume button.
    int offerInterruptedJobs();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    qint64 currentJobId() const;
    void updateWidgets();
    void pauseCurrent();
    void resumeCurrent();
    void cancelCurrent();
    void exportCurrent();
    void resumeInterrupted();

    BulkJobService* m_jobs = nullptr;
    BulkJobsModel* m_model = nullptr;
    MessageBanner* m_banner;
    QTableView* m_table;
    QProgressBar* m_progress;
    QLabel* m_summary;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QPushButton* m_export;
    QList<qint64> m_interrupted;
};
