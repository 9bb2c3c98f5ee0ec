//! The one list of commands the UI may call, shared by the desktop shell (Tauri `invoke`) and the
//! loopback web server (`pos-web`). Each entry names the command, its request and response types
//! and the `pos-core` method behind it; [`dispatch`] decodes, calls and encodes, and
//! [`write_typescript`] generates the UI's types from the same list.
//!
//! Adding a command: (1) write the use case as a `Core` method that starts with its permission
//! check; (2) add one line to `commands!` below; (3) run `make bindings` and commit the
//! regenerated files under `ui/src/lib/api/generated/` (a test fails while they drift).

use pos_core::auth::*;
use pos_core::backup::{
    BackupEntry, BackupPath, BackupSettings, BackupTaken, ExportManifest, RestorePlan, RestoreRequest, TablesExport,
};
use pos_core::bookings::calendar::{BookingRange, SlotQuery};
use pos_core::bookings::desk::DeskBooking;
use pos_core::bookings::moves::BookingMove;
use pos_core::bookings::portfolio::{AddPortfolioItem, RemovePortfolioItem};
use pos_core::bookings::repairs::{BookingRef, RepairPart, RepairStep};
use pos_core::bookings::setup::{BookingSetup, SaveBookingResource, SaveBookingService};
use pos_core::catalogue::*;
use pos_core::chat::*;
use pos_core::counter::approval::*;
use pos_core::counter::cart::*;
use pos_core::counter::checkout::*;
use pos_core::counter::display::*;
use pos_core::counter::qris::*;
use pos_core::counter::receipts::*;
use pos_core::counter::returns::*;
use pos_core::counter::settings::*;
use pos_core::counter::shift::*;
use pos_core::counts::*;
use pos_core::couriers::*;
use pos_core::imports::*;
use pos_core::online_shop::logo::*;
use pos_core::online_shop::settings::*;
use pos_core::photos::*;
use pos_core::prices::*;
use pos_core::products::*;
use pos_core::purchasing::*;
use pos_core::reports::*;
use pos_core::setup::*;
use pos_core::staff::*;
use pos_core::stock::*;
use pos_core::sync::*;
use pos_core::updates::*;
use pos_core::warehouse::*;
use pos_core::{Core, CoreError, Empty, ErrorCode, Lang};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use ts_rs::{Config, TS, TypeVisitor};

/// The error every command answers with: a stable code for the UI to act on, the field at fault,
/// and a message in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message: String,
}

impl ApiError {
    pub fn from_core(e: &CoreError, lang: Lang) -> ApiError {
        ApiError {
            code: e.code,
            field: e.field.clone(),
            message: e.message(lang).to_string(),
        }
    }
}

/// Largest request body either edge accepts for a command; no command needs more, but one.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

/// A photo upload: the largest picture accepted (40 MB) as base64, with its JSON around it.
pub const MAX_UPLOAD_BYTES: usize = 56 * 1024 * 1024;

/// The largest body `command` accepts.
pub fn max_request_bytes(command: &str) -> usize {
    if command == "add_product_photo" || command == "set_shop_logo" {
        MAX_UPLOAD_BYTES
    } else {
        MAX_REQUEST_BYTES
    }
}

fn decode<T: serde::de::DeserializeOwned>(payload: Value) -> Result<T, CoreError> {
    let payload = if payload.is_null() {
        Value::Object(Default::default())
    } else {
        payload
    };
    serde_json::from_value(payload).map_err(|e| {
        CoreError::new(
            ErrorCode::Invalid,
            format!("The request is malformed: {e}"),
            format!("Permintaan tidak sesuai format: {e}"),
        )
    })
}

fn encode<T: Serialize>(v: &T) -> Result<Value, CoreError> {
    serde_json::to_value(v).map_err(|e| {
        CoreError::new(
            ErrorCode::Internal,
            format!("Could not encode the answer: {e}"),
            format!("Gagal menyusun jawaban: {e}"),
        )
    })
}

macro_rules! commands {
    ($( $name:ident ( $req:ty ) -> $res:ty => |$core:ident, $tok:ident, $r:ident| $body:expr ; )*) => {
        /// Every command's name, in the order of the list.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Runs one command by name. `token` is the caller's session token, if any.
        pub fn dispatch(core: &Core, token: Option<&str>, name: &str, payload: Value) -> Result<Value, CoreError> {
            match name {
                $(stringify!($name) => {
                    let $r: $req = decode(payload)?;
                    let ($core, $tok) = (core, token);
                    let out: $res = $body?;
                    encode(&out)
                })*
                _ => Err(CoreError::new(ErrorCode::NotFound, format!("Unknown command {name}"), format!("Perintah {name} tidak dikenal"))),
            }
        }

        /// A well-formed request for `name` with default values: what the permission test sends.
        pub fn sample_request(name: &str) -> Option<Value> {
            match name {
                $(stringify!($name) => serde_json::to_value(<$req>::default()).ok(),)*
                _ => None,
            }
        }

        fn visit_all(v: &mut Exporter<'_>) {
            $(
                v.visit::<$req>();
                v.visit::<$res>();
                <$req as TS>::visit_dependencies(v);
                <$res as TS>::visit_dependencies(v);
                <$res as TS>::visit_generics(v);
            )*
        }

        fn command_map(cfg: &Config) -> String {
            let mut s = String::from("export interface Commands {\n");
            $(s.push_str(&format!(
                "  {}: {{ request: {}; response: {} }};\n",
                stringify!($name), <$req as TS>::name(cfg), <$res as TS>::name(cfg)
            ));)*
            s.push_str("}\n");
            s
        }
    };
}

commands! {
    // public: answer before anyone is signed in
    app_status(Empty) -> AppStatus => |c, _t, _r| c.app_status();
    complete_setup(SetupRequest) -> SessionInfo => |c, _t, r| c.complete_setup(r);
    sign_in(SignInRequest) -> SessionInfo => |c, _t, r| c.sign_in(r);
    // the session itself, also from the lock screen
    whoami(Empty) -> SessionInfo => |c, t, _r| c.whoami(t);
    sign_out(Empty) -> Empty => |c, t, _r| c.sign_out(t);
    lock_screen(Empty) -> Empty => |c, t, _r| c.lock_screen(t);
    touch(Empty) -> Empty => |c, t, _r| c.touch(t);
    backup_settings(Empty) -> BackupSettings => |c, t, _r| c.backup_settings(t);
    set_backup_settings(BackupSettings) -> BackupSettings => |c, t, r| c.set_backup_settings(t, r);
    backup_progress(Empty) -> pos_core::backup::Progress => |c, t, _r| c.backup_progress(t);
    backup_now(Empty) -> BackupTaken => |c, t, _r| c.backup_now(t);
    list_backups(Empty) -> Vec<BackupEntry> => |c, t, _r| c.list_backups(t);
    restore_plan(BackupPath) -> RestorePlan => |c, t, r| c.restore_plan(t, r);
    restore_backup(RestoreRequest) -> RestorePlan => |c, t, r| c.restore_backup(t, r);
    export_all(TablesExport) -> ExportManifest => |c, t, r| c.export_all(t, r);
    unlock(UnlockRequest) -> SessionInfo => |c, t, r| c.unlock(t, r);
    switch_candidates(Empty) -> Vec<SwitchCandidate> => |c, t, _r| c.switch_candidates(t);
    switch_user(SwitchUserRequest) -> SessionInfo => |c, t, r| c.switch_user(t, r);
    change_own_password(ChangeOwnPassword) -> Empty => |c, t, r| c.change_own_password(t, r);
    set_own_pin(SetOwnPin) -> Empty => |c, t, r| c.set_own_pin(t, r);
    // store
    store_profile(Empty) -> pos_store_types::StoreProfile => |c, t, _r| c.store_profile(t);
    update_store_profile(ProfileUpdate) -> pos_store_types::StoreProfile => |c, t, r| c.update_store_profile(t, r);
    // staff
    list_users(Empty) -> Vec<pos_core::User> => |c, t, _r| c.list_users(t);
    create_user(NewUserRequest) -> pos_core::User => |c, t, r| c.create_user(t, r);
    update_user(UserUpdate) -> pos_core::User => |c, t, r| c.update_user(t, r);
    reset_password(ResetPassword) -> Empty => |c, t, r| c.reset_password(t, r);
    reset_pin(ResetPin) -> Empty => |c, t, r| c.reset_pin(t, r);
    // catalogue
    list_categories(Empty) -> Vec<pos_store_types::Category> => |c, t, _r| c.list_categories(t);
    create_category(CategoryInput) -> pos_store_types::Category => |c, t, r| c.create_category(t, r);
    update_category(CategoryUpdate) -> pos_store_types::Category => |c, t, r| c.update_category(t, r);
    list_suppliers(Empty) -> Vec<pos_store_types::Supplier> => |c, t, _r| c.list_suppliers(t);
    create_supplier(SupplierInput) -> pos_store_types::Supplier => |c, t, r| c.create_supplier(t, r);
    update_supplier(SupplierUpdate) -> pos_store_types::Supplier => |c, t, r| c.update_supplier(t, r);
    search_products(ProductSearch) -> Vec<pos_store_types::Product> => |c, t, r| c.search_products(t, r);
    get_product(ProductId) -> pos_store_types::Product => |c, t, r| c.get_product(t, r);
    product_by_barcode(BarcodeLookup) -> Option<pos_store_types::Product> => |c, t, r| c.product_by_barcode(t, r);
    create_product(NewProduct) -> pos_store_types::Product => |c, t, r| c.create_product(t, r);
    update_product(ProductUpdate) -> pos_store_types::Product => |c, t, r| c.update_product(t, r);
    // stock
    adjust_stock(StockAdjustment) -> StockAdjusted => |c, t, r| c.adjust_stock(t, r);
    stock_movements(MovementsRequest) -> Vec<pos_store_types::StockMovement> => |c, t, r| c.stock_movements(t, r);
    low_stock(LowStockRequest) -> Vec<pos_store_types::Product> => |c, t, r| c.low_stock(t, r);
    // audit
    audit_log(AuditRequest) -> Vec<pos_store_types::AuditEvent> => |c, t, r| c.audit_log(t, r);
    // the counter
    counter_settings(Empty) -> CounterSettings => |c, t, _r| c.counter_settings(t);
    update_counter_settings(CounterSettings) -> CounterSettings => |c, t, r| c.update_counter_settings(t, r);
    // the online shop
    shop_settings(Empty) -> ShopSettings => |c, t, _r| c.shop_settings(t);
    update_shop_settings(ShopSettings) -> ShopSettings => |c, t, r| c.update_shop_settings(t, r);
    shop_logo(Empty) -> ShopLogo => |c, t, _r| c.shop_logo(t);
    set_shop_logo(ShopLogo) -> ShopSettings => |c, t, r| c.set_shop_logo(t, r);
    current_shift(Empty) -> Option<pos_store_types::Shift> => |c, t, _r| c.current_shift(t);
    open_shift(OpenShift) -> pos_store_types::Shift => |c, t, r| c.open_shift(t, r);
    cash_movement(CashMovement) -> pos_store_types::ShiftTotals => |c, t, r| c.cash_movement(t, r);
    x_report(Empty) -> ShiftReport => |c, t, _r| c.x_report(t);
    close_shift(CloseShift) -> ShiftReport => |c, t, r| c.close_shift(t, r);
    approve(ApprovalRequest) -> Approval => |c, t, r| c.approve(t, r);
    quote(QuoteRequest) -> CartQuote => |c, t, r| c.quote(t, r);
    qris_start(QrisStart) -> QrisView => |c, t, r| c.qris_start(t, r);
    qris_status(QrisRef) -> QrisView => |c, t, r| c.qris_status(t, r);
    qris_cancel(QrisRef) -> QrisView => |c, t, r| c.qris_cancel(t, r);
    publish_display(DisplayState) -> Empty => |c, t, r| c.publish_display(t, r);
    display_pass(Empty) -> DisplayPass => |c, t, _r| c.display_pass(t);
    display_state(Empty) -> DisplayState => |c, t, _r| c.display_state(t);
    checkout(CheckoutRequest) -> CheckoutResult => |c, t, r| c.checkout(t, r);
    reprint_receipt(ReprintRequest) -> PrintOutcome => |c, t, r| c.reprint_receipt(t, r);
    receipt_pdf(ReprintRequest) -> ReceiptPdf => |c, t, r| c.receipt_pdf(t, r);
    test_print(Empty) -> PrintOutcome => |c, t, _r| c.test_print(t);
    sale_by_receipt(ReceiptLookup) -> pos_store_types::Sale => |c, t, r| c.sale_by_receipt(t, r);
    create_return(ReturnRequest) -> ReturnResult => |c, t, r| c.create_return(t, r);
    create_customer(NewCustomer) -> pos_store_types::Customer => |c, t, r| c.create_customer(t, r);
    search_customers(CustomerSearch) -> Vec<pos_store_types::Customer> => |c, t, r| c.search_customers(t, r);
    park_sale(ParkRequest) -> ParkedSale => |c, t, r| c.park_sale(t, r);
    parked_sales(Empty) -> Vec<ParkedSale> => |c, t, _r| c.parked_sales(t);
    resume_sale(ParkedId) -> ParkedSale => |c, t, r| c.resume_sale(t, r);
    void_sale(VoidRequest) -> Empty => |c, t, r| c.void_sale(t, r);

    sync_info(Empty) -> SyncInfo => |c, t, _r| c.sync_info(t);
    sync_now(Empty) -> SyncInfo => |c, t, _r| c.sync_now(t);
    link_store(LinkStoreRequest) -> SyncInfo => |c, t, r| c.link_store(t, r);
    join_store(JoinStoreRequest) -> SyncInfo => |c, _t, r| c.join_store(r);
    create_enrolment_code(EnrolmentCodeRequest) -> EnrolmentCode => |c, t, r| c.create_enrolment_code(t, r);
    list_devices(ServerAccount) -> Vec<DeviceInfo> => |c, t, r| c.list_devices(t, r);
    revoke_device(RevokeRequest) -> Empty => |c, t, r| c.revoke_device(t, r);
    trust_device(TrustRequest) -> Empty => |c, t, r| c.trust_device(t, r);
    sync_review(ReviewRequest) -> Vec<ReviewItem> => |c, t, r| c.sync_review(t, r);
    resolve_review(ResolveRequest) -> Empty => |c, t, r| c.resolve_review(t, r);
    send_chat_message(SendChatRequest) -> ChatMessage => |c, t, r| c.send_chat_message(t, r);
    chat_messages(ChatListRequest) -> Vec<ChatMessage> => |c, t, r| c.chat_messages(t, r);
    chat_inbox(Empty) -> Vec<ChatConversation> => |c, t, _r| c.chat_inbox(t);
    chat_search(ChatSearch) -> Vec<ChatConversation> => |c, t, r| c.chat_search(t, r);
    chat_unread(Empty) -> ChatUnread => |c, t, _r| c.chat_unread(t);
    resolve_chat(ChatResolveRequest) -> Empty => |c, t, r| c.resolve_chat(t, r);
    assign_chat(ChatAssignRequest) -> ChatMessage => |c, t, r| c.assign_chat(t, r);
    chat_staff(Empty) -> Vec<ChatStaff> => |c, t, _r| c.chat_staff(t);
    chat_typing(ChatTyping) -> Empty => |c, t, r| c.chat_typing(t, r);
    chat_presence(Empty) -> Vec<ChatTerminal> => |c, t, _r| c.chat_presence(t);
    chat_quick_replies(Empty) -> QuickReplies => |c, t, _r| c.chat_quick_replies(t);
    // bookings: the set-up, the desk's calendar, booking and moving
    booking_setup(Empty) -> BookingSetup => |c, t, _r| c.booking_setup(t);
    save_booking_resource(SaveBookingResource) -> pos_store_types::SavedResource => |c, t, r| c.save_booking_resource(t, r);
    save_booking_service(SaveBookingService) -> pos_store_types::SavedService => |c, t, r| c.save_booking_service(t, r);
    bookings_between(BookingRange) -> Vec<pos_store_types::Booking> => |c, t, r| c.bookings_between(t, r);
    desk_slots(SlotQuery) -> Vec<pos_store_types::Slot> => |c, t, r| c.desk_slots(t, r);
    book_at_desk(DeskBooking) -> pos_store_types::Booking => |c, t, r| c.book_at_desk(t, r);
    move_booking(BookingMove) -> pos_store_types::Booking => |c, t, r| c.move_booking(t, r);
    add_portfolio_item(AddPortfolioItem) -> pos_store_types::SavedService => |c, t, r| c.add_portfolio_item(t, r);
    remove_portfolio_item(RemovePortfolioItem) -> pos_store_types::SavedService => |c, t, r| c.remove_portfolio_item(t, r);
    repair_step(RepairStep) -> pos_store_types::Booking => |c, t, r| c.repair_step(t, r);
    use_repair_part(RepairPart) -> pos_store_types::Booking => |c, t, r| c.use_repair_part(t, r);
    repair_ticket_pdf(BookingRef) -> ReceiptPdf => |c, t, r| c.repair_ticket_pdf(t, r);
    update_chat_quick_replies(QuickReplies) -> QuickReplies => |c, t, r| c.update_chat_quick_replies(t, r);

    courier_services(Empty) -> Vec<pos_store_types::CourierService> => |c, t, _r| c.courier_services(t);
    shipping_quote(ShippingQuoteRequest) -> ShippingQuote => |c, t, r| c.shipping_quote(t, r);
    delivery_quote(DeliveryQuoteRequest) -> ShippingQuote => |c, t, r| c.delivery_quote(t, r);
    import_products_preview(ImportFile) -> ImportPreview => |c, t, r| c.import_products_preview(t, r);
    import_products_apply(ImportFile) -> ImportApplied => |c, t, r| c.import_products_apply(t, r);
    import_progress(Empty) -> pos_core::backup::Progress => |c, t, _r| c.import_progress(t);
    export_catalogue(CatalogueExportRequest) -> CatalogueFile => |c, t, r| c.export_catalogue(t, r);
    open_stock_count(OpenCount) -> StockCount => |c, t, r| c.open_stock_count(t, r);
    stock_counts(Empty) -> Vec<StockCount> => |c, t, _r| c.stock_counts(t);
    count_scan(CountScan) -> CountedProduct => |c, t, r| c.count_scan(t, r);
    count_variance(VarianceRequest) -> Variance => |c, t, r| c.count_variance(t, r);
    post_stock_count(PostCount) -> CountPosted => |c, t, r| c.post_stock_count(t, r);
    cancel_stock_count(CountId) -> StockCount => |c, t, r| c.cancel_stock_count(t, r);
    // purchasing and receiving
    save_purchase_order(PoDraft) -> PoView => |c, t, r| c.save_purchase_order(t, r);
    send_purchase_order(PoRef) -> PoView => |c, t, r| c.send_purchase_order(t, r);
    cancel_purchase_order(PoRef) -> PoView => |c, t, r| c.cancel_purchase_order(t, r);
    purchase_orders(PoListRequest) -> Vec<PoSummary> => |c, t, r| c.purchase_orders(t, r);
    purchase_order(PoRef) -> PoView => |c, t, r| c.purchase_order(t, r);
    purchase_order_receipts(PoRef) -> Vec<ReceiptSummary> => |c, t, r| c.purchase_order_receipts(t, r);
    purchase_order_pdf(PoRef) -> ReceiptPdf => |c, t, r| c.purchase_order_pdf(t, r);
    purchase_order_csv(PoRef) -> CsvFile => |c, t, r| c.purchase_order_csv(t, r);
    reorder_suggestions(SupplierRef) -> Vec<ReorderLine> => |c, t, r| c.reorder_suggestions(t, r);
    receive_scan(ReceiveScan) -> Receiving => |c, t, r| c.receive_scan(t, r);
    receiving(PoRef) -> Receiving => |c, t, r| c.receiving(t, r);
    discard_receiving(PoRef) -> Receiving => |c, t, r| c.discard_receiving(t, r);
    post_receipt(PostReceipt) -> ReceiptPosted => |c, t, r| c.post_receipt(t, r);
    return_to_supplier(SupplierReturnInput) -> SupplierReturn => |c, t, r| c.return_to_supplier(t, r);
    supplier_returns(Empty) -> Vec<SupplierReturnSummary> => |c, t, _r| c.supplier_returns(t);
    // product photos
    add_product_photo(AddPhoto) -> ProductPhotos => |c, t, r| c.add_product_photo(t, r);
    order_product_photos(PhotoOrder) -> ProductPhotos => |c, t, r| c.order_product_photos(t, r);
    remove_product_photo(PhotoRef) -> ProductPhotos => |c, t, r| c.remove_product_photo(t, r);
    product_photos(ProductId) -> ProductPhotos => |c, t, r| c.product_photos(t, r);
    photo_blobs(BlobRefs) -> Vec<BlobData> => |c, t, r| c.photo_blobs(t, r);
    product_thumbs(ProductIds) -> Vec<ProductThumb> => |c, t, r| c.product_thumbs(t, r);
    // bulk price changes and the shelf labels they leave to print
    preview_price_change(PriceChangeRequest) -> PricePreview => |c, t, r| c.preview_price_change(t, r);
    apply_price_change(ApplyPriceChange) -> PricesChanged => |c, t, r| c.apply_price_change(t, r);
    shelf_label_queue(Empty) -> ShelfLabelQueue => |c, t, _r| c.shelf_label_queue(t);
    shelf_labels_printed(ProductIds) -> ShelfLabelQueue => |c, t, r| c.shelf_labels_printed(t, r);
    list_orders(OrderFilter) -> Vec<pos_store_types::Order> => |c, t, r| c.list_orders(t, r);
    get_order(OrderId) -> pos_store_types::Order => |c, t, r| c.get_order(t, r);
    create_delivery_order(NewDeliveryOrder) -> pos_store_types::Order => |c, t, r| c.create_delivery_order(t, r);
    transition_order(TransitionRequest) -> pos_store_types::Order => |c, t, r| c.transition_order(t, r);
    split_order(OrderId) -> Vec<pos_store_types::Order> => |c, t, r| c.split_order(t, r);
    pack_scan(PackScan) -> PackResult => |c, t, r| c.pack_scan(t, r);
    set_packed_weight(PackedWeight) -> pos_store_types::Order => |c, t, r| c.set_packed_weight(t, r);
    set_tracking(TrackingRequest) -> pos_store_types::Order => |c, t, r| c.set_tracking(t, r);
    pick_list(OrderIds) -> PickList => |c, t, r| c.pick_list(t, r);
    label_preview(OrderId) -> LabelPreview => |c, t, r| c.label_preview(t, r);
    label_printer(Empty) -> LabelPrinter => |c, t, _r| c.label_printer(t);
    update_label_printer(LabelPrinter) -> LabelPrinter => |c, t, r| c.update_label_printer(t, r);
    start_label_job(OrderIds) -> LabelJob => |c, t, r| c.start_label_job(t, r);
    label_job_step(LabelJobId) -> LabelJob => |c, t, r| c.label_job_step(t, r);
    labels_pdf(OrderIds) -> ReceiptPdf => |c, t, r| c.labels_pdf(t, r);
    invoice_pdf(OrderId) -> ReceiptPdf => |c, t, r| c.invoice_pdf(t, r);
    product_labels(ProductLabelsRequest) -> ProductLabelsResult => |c, t, r| c.product_labels(t, r);
    packing_slip_pdf(OrderId) -> ReceiptPdf => |c, t, r| c.packing_slip_pdf(t, r);
    dashboard(DashboardRequest) -> Dashboard => |c, t, r| c.dashboard(t, r);
    report(ReportRequest) -> Report => |c, t, r| c.report(t, r);
    export_report(ExportRequest) -> ExportFile => |c, t, r| c.export_report(t, r);
    export_progress(Empty) -> ExportProgress => |c, t, _r| c.export_progress(t);
    live_rates(LiveRatesRequest) -> LiveRates => |c, t, r| c.live_rates(t, r);
    track_order(OrderId) -> Tracking => |c, t, r| c.track_order(t, r);
    update_status(Empty) -> UpdateStatus => |c, t, _r| c.update_status(t);
    update_check(Empty) -> UpdateStatus => |c, t, _r| c.update_check(t);
    update_install(Empty) -> UpdateStatus => |c, t, _r| c.update_install(t);
    update_restart(Empty) -> Empty => |c, t, _r| c.update_restart(t);
}

/// The record types `pos-core` returns from the store.
mod pos_store_types {
    pub use pos_core::store_types::*;
}

/// Collects every named type reachable from the command list and exports it.
struct Exporter<'a> {
    cfg: &'a Config,
    names: BTreeSet<String>,
    /// Which Rust type each TypeScript name came from: two types of one name would overwrite
    /// each other's file (a supplier's return line once replaced the counter's).
    owners: std::collections::BTreeMap<String, (std::any::TypeId, &'static str)>,
    error: Option<String>,
}

impl TypeVisitor for Exporter<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if self.error.is_some() || T::output_path().is_none() {
            return;
        }
        let name = T::ident(self.cfg);
        let me = (std::any::TypeId::of::<T>(), std::any::type_name::<T>());
        match self.owners.get(&name) {
            Some((id, _)) if *id == me.0 => return,
            Some((_, other)) => {
                self.error = Some(format!("{} and {other} both export as {name}: rename one", me.1));
                return;
            }
            None => {
                self.owners.insert(name.clone(), me);
            }
        }
        T::visit_dependencies(self);
        if self.names.insert(name)
            && let Err(e) = T::export_all(self.cfg)
        {
            self.error = Some(e.to_string());
        }
    }
}

/// Writes the TypeScript types of every request, response and error, plus `commands.ts` (the
/// command map and names), into `dir`.
pub fn write_typescript(dir: &Path) -> Result<(), String> {
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    let mut ex = Exporter {
        cfg: &cfg,
        names: BTreeSet::new(),
        owners: Default::default(),
        error: None,
    };
    visit_all(&mut ex);
    ex.visit::<ApiError>();
    if let Some(e) = ex.error {
        return Err(e);
    }
    let mut out = String::from("// Generated from crates/pos-api by `make bindings`. Do not edit.\n");
    for n in &ex.names {
        out.push_str(&format!("import type {{ {n} }} from \"./{n}\";\n"));
    }
    let all: Vec<&str> = ex.names.iter().map(String::as_str).collect();
    out.push_str(&format!("export type {{ {} }};\n\n", all.join(", ")));
    out.push_str(&command_map(&cfg));
    out.push_str("\nexport const COMMAND_NAMES = [\n");
    for c in COMMANDS {
        out.push_str(&format!("  \"{c}\",\n"));
    }
    out.push_str("] as const;\n");
    std::fs::write(dir.join("commands.ts"), out).map_err(|e| e.to_string())
}
