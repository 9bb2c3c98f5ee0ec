//! The desk's commands: dashboard, report pages and exports with their progress.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    #[default]
    Csv,
    Xlsx,
    Pdf,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportRequest {
    pub report: ReportRequest,
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportFile {
    pub file_name: String,
    pub mime: String,
    /// Where it was saved on this computer, when a documents folder is set up.
    pub saved_to: Option<String>,
    pub base64: String,
    pub rows: u32,
}

/// How far the export in progress on this terminal has come (the screen polls it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportProgress {
    pub running: bool,
    /// Rows written (or laid out on pages) so far, of `total`; 0 of 0 while the report is read.
    pub done: u32,
    pub total: u32,
}

/// Marks the export finished however it ends.
pub(super) struct Exporting<'a>(&'a std::sync::Mutex<ExportProgress>);

impl Drop for Exporting<'_> {
    fn drop(&mut self) {
        crate::lock(self.0).running = false;
    }
}

impl Core {
    /// Today so far and this month to date, against yesterday and the same days of last month
    /// up to the same hour.
    pub fn dashboard(&self, token: Option<&str>, req: DashboardRequest) -> Result<Dashboard> {
        self.authorize(token, Permission::ViewReports)?;
        let today = pos_domain::wib_date(self.clock.now());
        let (_, hour) = pos_store::reporting::wib_day_hour(self.now());
        let branch = req.branch.as_deref().map(str::trim).filter(|b| !b.is_empty());
        self.read_desk(|c| dashboard(c, today, hour, branch))
    }

    /// One page of a report, with its totals and chart over every row.
    pub fn report(&self, token: Option<&str>, req: ReportRequest) -> Result<Report> {
        self.authorize(token, permission_for(req.kind))?;
        let size = req.page_size.unwrap_or(50).clamp(1, MAX_PAGE_SIZE);
        let page = req.page.unwrap_or(0).min(1_000_000);
        self.read_desk(|c| run(c, &req, Some((page, size))))
    }

    /// The whole report as CSV, XLSX or PDF, with the same rows and totals as the screen.
    pub fn export_report(&self, token: Option<&str>, req: ExportRequest) -> Result<ExportFile> {
        self.authorize(token, permission_for(req.report.kind))?;
        let _exporting = {
            let mut e = crate::lock(&self.export);
            if e.running {
                return Err(CoreError::new(
                    ErrorCode::Duplicate,
                    "An export is already being made on this terminal; wait for it to finish.",
                    "Ekspor lain sedang dibuat di terminal ini; tunggu sampai selesai.",
                ));
            }
            *e = ExportProgress {
                running: true,
                ..Default::default()
            };
            Exporting(&self.export)
        };
        let (report, store) = self.read_desk(|c| {
            let r = run(c, &req.report, None)?;
            let store = pos_store::profile::get(c)?.map(|p| p.name).unwrap_or_default();
            Ok((r, store))
        })?;
        let total = report.rows.len() as u32;
        crate::lock(&self.export).total = total;
        let mut written = |n: usize| crate::lock(&self.export).done = (n as u32).min(total);
        let (bytes, ext, mime) = match req.format {
            ExportFormat::Csv => (super::files::csv_with(&report, &mut written), "csv", "text/csv"),
            ExportFormat::Xlsx => (
                super::files::xlsx_with(&report, &store, &mut written)?,
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ExportFormat::Pdf => (
                super::files::pdf_with(&report, &store, &mut written),
                "pdf",
                "application/pdf",
            ),
        };
        written(total as usize);
        let file_name = format!("{}-{}-{}.{ext}", report.kind.as_str(), report.from, report.to);
        let saved_to = self.save_document(&file_name, &bytes)?;
        use base64::Engine;
        Ok(ExportFile {
            file_name,
            mime: mime.into(),
            saved_to,
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            rows: report.total_rows,
        })
    }

    /// The export in progress on this terminal, if any.
    pub fn export_progress(&self, token: Option<&str>) -> Result<ExportProgress> {
        self.authorize_poll(token, Permission::ViewReports)?;
        Ok(crate::lock(&self.export).clone())
    }
}
