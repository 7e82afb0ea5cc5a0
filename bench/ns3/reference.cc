// SPDX-License-Identifier: ISC
//
// reference.cc: bench/RESULTS.md's reference case in ns-3, to compare
// tcpsim's speed with: one TCP NewReno flow with SACK, a bulk transfer
// for 80 s over a 100 Mbit/s bottleneck with 20 ms one-way delay and a
// drop-tail queue of 343 packets, 1448-byte segments, 16 MiB socket
// buffers, delayed ACKs.  It prints the data segments the sender sent
// (retransmissions included) and the bytes delivered, so that the ratio
// printed by bench/ns3/compare.sh is segments per wall-clock second on
// both sides.
//
// Built by bench/ns3/compare.sh only when Debian's libns3-dev is there
// (pkg-config finds it); never by make.
#include <cstdint>
#include <iostream>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

using namespace ns3;

// Data segments leaving the sender's device, retransmissions included.
static uint64_t g_segments = 0;

static void
CountTx(Ptr<const Packet> packet)
{
	// IPv4 (20) + TCP (20 + options) + payload: a data segment is
	// anything longer than a bare ACK with options.
	if (packet->GetSize() > 100)
		g_segments++;
}

int
main(int argc, char *argv[])
{
	double duration = 80.0;
	CommandLine cmd;
	cmd.AddValue("duration", "simulated seconds", duration);
	cmd.Parse(argc, argv);

	Config::SetDefault("ns3::TcpL4Protocol::SocketType",
			   TypeIdValue(TcpNewReno::GetTypeId()));
	Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(true));
	Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
	Config::SetDefault("ns3::TcpSocket::SndBufSize",
			   UintegerValue(16 << 20));
	Config::SetDefault("ns3::TcpSocket::RcvBufSize",
			   UintegerValue(16 << 20));
	Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(2));

	NodeContainer nodes;
	nodes.Create(2);
	PointToPointHelper link;
	link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
	link.SetChannelAttribute("Delay", StringValue("20ms"));
	link.SetQueue("ns3::DropTailQueue", "MaxSize",
		      QueueSizeValue(QueueSize("343p")));
	NetDeviceContainer devices = link.Install(nodes);

	InternetStackHelper stack;
	stack.Install(nodes);
	Ipv4AddressHelper address;
	address.SetBase("10.1.1.0", "255.255.255.0");
	Ipv4InterfaceContainer ifaces = address.Assign(devices);
	// The queue is the device's alone: no queue discipline in front (the
	// default one is installed with the addresses, so it goes after).
	TrafficControlHelper tch;
	tch.Uninstall(devices);

	uint16_t port = 20;
	BulkSendHelper source("ns3::TcpSocketFactory",
			      InetSocketAddress(ifaces.GetAddress(1), port));
	source.SetAttribute("MaxBytes", UintegerValue(0));
	source.SetAttribute("SendSize", UintegerValue(1448));
	ApplicationContainer src = source.Install(nodes.Get(0));
	src.Start(Seconds(0.0));
	src.Stop(Seconds(duration));

	PacketSinkHelper sink("ns3::TcpSocketFactory",
			      InetSocketAddress(Ipv4Address::GetAny(), port));
	ApplicationContainer dst = sink.Install(nodes.Get(1));
	dst.Start(Seconds(0.0));
	dst.Stop(Seconds(duration));

	devices.Get(0)->TraceConnectWithoutContext("PhyTxBegin",
						   MakeCallback(&CountTx));

	Simulator::Stop(Seconds(duration));
	Simulator::Run();
	uint64_t delivered = DynamicCast<PacketSink>(dst.Get(0))->GetTotalRx();
	Simulator::Destroy();

	std::cout << "segments " << g_segments << "\n"
		  << "delivered_bytes " << delivered << "\n";
	return 0;
}
